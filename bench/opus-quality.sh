#!/usr/bin/env bash
# What each Opus encoder setting sounds like: wideband PESQ (ITU-T P.862.2, MOS-LQO) of synthetic
# speech (six sentences, two a file, three voices: espeak-ng's formant synthesis, festival's kal
# diphones (recorded speech, 16 kHz) and its slt HTS voice (32 kHz)) through the product's encoder (DTX on, 32 kbit/s,
# in-band FEC) and the viewer's SlotDecoder, clean and with random loss (FEC or concealment).
# Needs espeak-ng, festival, festvox-kallpc16k and festvox-us-slt-hts (apt) and a Python with numpy, scipy and pesq (the ITU-T reference code's
# binding, PyPI "pesq") as $PESQ_PYTHON.
#   bench/opus-quality.sh [settings=5:0,3:0,2:0,1:0,0:0,5:1,1:1] [losses=0,5] [loss patterns per file=4]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=opus-speech.sh
. bench/opus-speech.sh
opus_speech_setup OpusQuality
"$PYTHON" bench/opus-quality.py "$WORK" "$JAVA" "$WORK:$CP" "${1:-5:0,3:0,2:0,1:0,0:0,5:1,1:1}" "${2:-0,5}" "${3:-4}" "${WAVS[@]}"
