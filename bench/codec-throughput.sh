#!/usr/bin/env bash
# Codec throughput (docs/BENCHMARKS.md, "Codec throughput"): the performance floors that used to be
# unit tests, run as a benchmark on a quiet machine. openh264 encodes 1280x720 (test pattern and
# with sensor noise; floor 30 fps = real time) and FFmpeg decodes + converts noisy 720p to BGRA
# (floor 60 fps: two tiles' worth per core); and what a new viewer's 720p keyframe costs (a fresh
# encoder's first IDR against a forced one, issue 16 §2). Prints the figures the tests log and fails below a floor.
#
#   bench/codec-throughput.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
use_jdk25_for_maven || { echo "codec-throughput: no Java 25 found" >&2; exit 1; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "codec-throughput: building and running the benchmark-tagged tests (about a minute)…" >&2
if ! mvn -B -ntp -Dstyle.color=never -pl camera-emulator,viewer-desktop -am test \
    -Dgroups=benchmark -Dp2pcam.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='H264EncoderTest#encodes720pFasterThanRealTime+aSessionsFirstKeyframeCostsWhatAForcedOneDoes,DecodeThroughputTest' >"$out" 2>&1; then
  grep -E 'Tests run|FAIL|expected|Expecting' "$out" | head -20 >&2
  echo "codec-throughput: a floor was missed or the build failed (full log above)" >&2
  exit 1
fi
grep -E '1280x720' "$out" | sed 's/^.* - //'
