#!/usr/bin/env bash
# What one 20 ms frame of the Opus codec (Concentus) costs once the JIT is done, as C2 leaves it
# (the JVM's default) and as C1 code (the viewer's compiler directive, decision 0036): CPU time of
# encoding (DTX, the marked sound, with its rendering) and of decoding (concealing the silences),
# per frame and in points of a core at 50 frames a second. One JVM per tier, one thread each.
#   bench/opus-cost.sh [warm-up frames=30000] [frames per block=5000] [blocks=3]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || { echo "opus-cost: no Java 25 found" >&2; exit 1; }
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests -pl viewer-desktop -am >&2
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for tier in c2 c1; do
  "$JAVA" -cp viewer-desktop/target/viewer-desktop.jar bench/OpusCost.java "${1:-30000}" "${2:-5000}" "${3:-3}" "$tier"
done
