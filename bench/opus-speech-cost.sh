#!/usr/bin/env bash
# What an Opus encoder setting costs the camera's encoder and the viewer's decoder on speech, once
# warm, in CPU time (fit for a loaded machine): bench/opus-speech.sh's nine files as the codec gets them
# (97 s), two passes to warm, two timed, one JVM per setting, one after another. Prints
# bench/OpusSpeechCost.java's lines. Needs bench/opus-speech.sh's packages and a Python with numpy and
# scipy as $PESQ_PYTHON (bench/opus-quality.sh's).
#   bench/opus-speech-cost.sh SETTING...   SETTING: SIDE:COMPLEXITY/SILENCE_COMPLEXITY:WIDEBAND
#   e.g. encode:5/0:0 encode:2/0:1 decode:5/0:0 decode:2/0:1
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=opus-speech.sh
. bench/opus-speech.sh
opus_speech_setup OpusSpeechCost
"$PYTHON" bench/opus-quality.py --raw "$WORK/speech.raw" "${WAVS[@]}"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for setting in "$@"; do
  IFS=: read -r side complexity wideband <<<"$setting"
  "$JAVA" -XX:-UseDynamicNumberOfCompilerThreads -cp "$WORK:$CP" OpusSpeechCost "$side" "$complexity" "$wideband" 2 2 "$WORK/speech.raw"
done
