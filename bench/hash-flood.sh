#!/usr/bin/env bash
# Hash flooding (docs/BENCHMARKS.md, "Hash flooding"; issue 13): what one lookup of a new key costs
# in the cloud's tables once a flood filled them with keys chosen to collide under a public hash:
# the pending connects (ViewerRequest), a cluster node's registry cache (CameraId), the TCP front
# door's connections (AddressKey), the rate limiter's buckets (SourceBuckets); the maps with the
# keys' hash codes as they were (public) and as they are (seeded). One thread, wall time of 2,000 lookups per table after filling it.
#   bench/hash-flood.sh [keys held=10000] [rounds=3]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
JAVA=$(find_java25) || { echo "hash-flood: no Java 25 found" >&2; exit 1; }
export JAVA_HOME="$(dirname "$(dirname "$JAVA")")"
BUILT=cloud-server/target/hash-flood.built
if [ ! -f "$BUILT" ] || [ -n "$(find shared-protocol cloud-server -name '*.java' -newer "$BUILT" -print -quit)" ]; then
  echo "hash-flood: building cloud-server…" >&2
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -B -q -ntp -pl shared-protocol,cloud-server -am install -DskipTests >&2
  rm -f cloud-server/target/cp.txt
  touch "$BUILT"
fi
[ -f cloud-server/target/cp.txt ] || mvn -B -q -ntp -pl cloud-server dependency:build-classpath -Dmdep.outputFile=target/cp.txt >&2
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
exec "$JAVA" -Xmx1g -cp "cloud-server/target/test-classes:cloud-server/target/classes:$(cat cloud-server/target/cp.txt)" \
  io.p2pcam.cloud.core.HashFloodBench "${1:-10000}" "${2:-3}"
