#!/usr/bin/env bash
# What an Opus encoder setting costs the camera's encoder and the viewer's decoder on speech, once
# warm, in CPU time (fit for a loaded machine): bench/speech.sh's nine files as the codec gets them
# (97 s), two passes to warm, two timed, one JVM per setting, one after another. Prints
# bench/OpusSpeechCost.java's lines. Needs bench/speech.sh's packages and a Python with numpy and
# scipy as $PESQ_PYTHON (bench/opus-quality.sh's).
#   bench/opus-speech-cost.sh SETTING...   SETTING: SIDE:COMPLEXITY/SILENCE_COMPLEXITY:WIDEBAND
#   e.g. encode:5/0:0 encode:2/0:1 decode:5/0:0 decode:2/0:1
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || { echo "opus-speech-cost: no Java 25 found" >&2; exit 1; }
PYTHON=${PESQ_PYTHON:-python3}
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests -pl shared-protocol,media-codec >&2
CP="media-codec/target/media-codec-0.1.0-SNAPSHOT.jar:shared-protocol/target/shared-protocol-0.1.0-SNAPSHOT.jar"
CP="$CP:$(find ~/.m2/repository/io/github/jaredmdobson/concentus -name 'concentus-*.jar' | sort | tail -1)"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$(dirname "$JAVA")/javac" -d "$WORK" -cp "$CP" bench/OpusSpeechCost.java
# shellcheck source=speech.sh
. bench/speech.sh
speech_wavs "$WORK"
"$PYTHON" bench/opus-quality.py --raw "$WORK/speech.raw" "${WAVS[@]}"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for setting in "$@"; do
  IFS=: read -r side complexity wideband <<<"$setting"
  "$JAVA" -XX:-UseDynamicNumberOfCompilerThreads -cp "$WORK:$CP" OpusSpeechCost "$side" "$complexity" "$wideband" 2 2 "$WORK/speech.raw"
done
