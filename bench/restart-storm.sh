#!/usr/bin/env bash
# Restart storm cost (docs/BENCHMARKS.md, "Restart storm"): the cloud core's time per camera to
# take a fleet back after a node restart, with resumption tickets (RESUME, a MAC check) and
# without (ticket refused, signed REGISTER), in-process on one thread with the real camera code.
#
#   bench/restart-storm.sh                 # 5,000 cameras
#   CAMERAS=20000 bench/restart-storm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
use_jdk25_for_maven || { echo "restart-storm: no Java 25 found" >&2; exit 1; }
CAMERAS=${CAMERAS:-5000}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "restart-storm: building and running the benchmark ($CAMERAS cameras, a few minutes)…" >&2
echo "before: $(uptime)"
if ! mvn -B -ntp -Dstyle.color=never -pl cloud-server -am test \
    -Dgroups=benchmark -Dp2pcam.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='RestartStormBenchmarkTest' -Dp2pcam.bench.cameras="$CAMERAS" >"$out" 2>&1; then
  grep -E 'Tests run|FAIL|expected|Expecting' "$out" | head -20 >&2
  echo "restart-storm: the benchmark failed (log above)" >&2
  exit 1
fi
grep -E 'Restart storm' "$out" | sed 's/^.* - //'
echo "after: $(uptime), nproc $(nproc)"
