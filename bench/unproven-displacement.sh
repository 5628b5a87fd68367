#!/usr/bin/env bash
# Unproven relay sessions (docs/BENCHMARKS.md, "Relay: displacing an unproven session"; decision
# 0061 §1): what opening a relay session costs once the relay's quarter of unproven sessions is
# full, in the case the displacement searched longest before (the viewer party's oldest behind
# 2,484 others). One thread, wall time per open.
#
#   bench/unproven-displacement.sh               # 200,000 opens, 5 rounds
#   bench/unproven-displacement.sh 50000 3
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
JAVA=$(find_java25) || { echo "unproven-displacement: no Java 25 found" >&2; exit 1; }
export JAVA_HOME="$(dirname "$(dirname "$JAVA")")"
if [ ! -f cloud-server/target/test-classes/io/p2pcam/cloud/core/UnprovenDisplacementBench.class ] || [ -n "${REBUILD:-}" ]; then
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -B -q -o test-compile -pl shared-protocol,cloud-server -Dspotless.check.skip=true
fi
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
"$JAVA" -cp cloud-server/target/classes:cloud-server/target/test-classes:shared-protocol/target/classes \
  io.p2pcam.cloud.core.UnprovenDisplacementBench "${1:-200000}" "${2:-5}"
