#!/usr/bin/env bash
# Cloud cluster benchmark (docs/BENCHMARKS.md, "Cloud cluster"; decision 0018): three in-process
# nodes on a real redis-server (Debian's /usr/bin/redis-server, started on a free port); prints the
# connect time through the camera's own node and through another node, lookups through another node
# (cached and from the registry), the direct-UDP-link alternative's cost per hop, and the registry's
# memory and commands per camera.
#   bench/cluster.sh [rounds=200]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
JAVA=$(find_java25) || { echo "cluster: no Java 25 found" >&2; exit 1; }
[ -x /usr/bin/redis-server ] || { echo "cluster: needs redis-server (apt-get install redis-server)" >&2; exit 1; }
ROUNDS=${1:-200}
if [ ! -d cloud-server/target/test-classes ] || [ -n "$(find shared-protocol cloud-server -name '*.java' -newer cloud-server/target/test-classes -print -quit)" ]; then
  echo "cluster: building cloud-server…" >&2
  mvn -B -q -ntp -pl shared-protocol,cloud-server -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -DskipTests >&2
fi
[ -f cloud-server/target/cp.txt ] || mvn -B -q -ntp -pl cloud-server dependency:build-classpath -Dmdep.outputFile=target/cp.txt >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(redis-server --version | cut -d' ' -f1-3), $("$JAVA" -version 2>&1 | head -1)"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx512m \
  -cp "cloud-server/target/test-classes:cloud-server/target/classes:$(cat cloud-server/target/cp.txt)" \
  io.p2pcam.cloud.server.ClusterHopBench "$ROUNDS"
