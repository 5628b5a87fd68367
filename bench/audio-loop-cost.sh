#!/usr/bin/env bash
# Where the camera's audio-loop thread spends its CPU (issue 15), with the real classes once the JIT
# is done: rendering the marked sound, Opus encoding (DTX) of its frames of silence and of sound, back
# to back and paced as a microphone delivers them (the wait for each frame included), and the real
# AudioLoop thread handing each packet to a network thread (a queue and Selector.wakeup, as
# UdpEndpointRunner.execute does). CPU time of the threads, per 20 ms frame and in points of a core.
#   bench/audio-loop-cost.sh [warm-up frames=30000] [seconds per paced part=30]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || { echo "audio-loop-cost: no Java 25 found" >&2; exit 1; }
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests -pl camera-emulator -am >&2
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp camera-emulator/target/camera-emulator.jar bench/AudioLoopCost.java "${1:-30000}" "${2:-30}" 2>&1 | grep -v '^SLF4J'
