#!/usr/bin/env bash
# Relay forwarding benchmark (docs/BENCHMARKS.md, "Relay forwarding"): an in-process cloud on
# loopback relays signed frames from one blasting camera socket to one viewer socket; prints frames
# forwarded per second and per CPU-second of the cloud's event-loop thread.
#   bench/relay.sh [seconds=10] [sessionPacketBytes=1200]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
JAVA=$(find_java25) || { echo "relay: no Java 25 found" >&2; exit 1; }
SECONDS_TO_RUN=${1:-10}
PACKET=${2:-1200}
JAR=cloud-server/target/cloud-server.jar
if [ ! -f "$JAR" ] || [ -n "$(find shared-protocol cloud-server -name '*.java' -newer "$JAR" -print -quit)" ]; then
  echo "relay: building cloud-server…" >&2
  mvn -B -q -ntp -pl shared-protocol,cloud-server -am package -DskipTests >&2
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -XX:+UseParallelGC \
  -cp "$JAR:cloud-server/target/test-classes" io.p2pcam.cloud.bench.RelayForwardingBench "$SECONDS_TO_RUN" "$PACKET"
