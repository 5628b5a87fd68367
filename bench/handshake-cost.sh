#!/usr/bin/env bash
# Handshake cost benchmark (docs/BENCHMARKS.md, "Handshake cost"): the camera's CPU time per
# first message, for messages refused before any X25519 work (over the unpaired budget, replayed),
# a stranger's full handshake, and a paired viewer's (with 64 pairings to try). One thread, thread
# CPU time, after a warm-up round.
#
#   bench/handshake-cost.sh            # 2000 attempts per case
#   bench/handshake-cost.sh 10000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
JAVA=$(find_java25) || { echo "handshake-cost: no Java 25 found" >&2; exit 1; }
export JAVA_HOME="$(dirname "$(dirname "$JAVA")")"
if [ ! -d shared-protocol/target/test-classes ] || [ -n "${REBUILD:-}" ]; then
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -q -o test-compile -pl shared-protocol
fi
"$JAVA" -cp shared-protocol/target/classes:shared-protocol/target/test-classes \
  io.p2pcam.protocol.session.HandshakeCostBench "${1:-2000}"
