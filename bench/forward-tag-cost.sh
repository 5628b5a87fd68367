#!/usr/bin/env bash
# What checking a CONNECT_FORWARD's tag costs a camera and each of cloud-loadgen's simulated cameras
# (decision 0074, PROTOCOL.md §4.7), with the real code (ForwardKeys.accepts): CPU time per check.
#   bench/forward-tag-cost.sh [warm-up checks=200000] [measured checks=500000]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || { echo "forward-tag-cost: no Java 25 found" >&2; exit 1; }
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests -pl cloud-loadgen -am >&2
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA" -cp cloud-loadgen/target/cloud-loadgen.jar bench/ForwardTagCost.java "${1:-200000}" "${2:-500000}" 2>&1 | grep -v '^SLF4J'
