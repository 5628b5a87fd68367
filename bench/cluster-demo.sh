#!/usr/bin/env bash
# A three-node cloud cluster on this machine (docs/ADMIN.md, "Running a cluster"): redis-server on
# 127.0.0.1:$REDIS_PORT (no persistence) and three nodes on UDP 127.0.0.1:32101-32103 (HTTP
# 32181-32183), each a `cloud-server.jar --cluster ... --node-address ...` process. Runs until
# Ctrl-C, then stops everything it started. `./p2pcam cluster-demo` builds the jar and runs this.
#   bench/cluster-demo.sh [redis-port=6390]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
JAVA=$(find_java25) || { echo "cluster-demo: no Java 25 found" >&2; exit 1; }
REDIS=$(command -v redis-server || true)
[ -n "$REDIS" ] || { echo "cluster-demo: needs redis-server (sudo apt-get install redis-server), or Valkey's valkey-server" >&2; exit 1; }
JAR=cloud-server/target/cloud-server.jar
[ -f "$JAR" ] || { echo "cluster-demo: build first (./p2pcam build)" >&2; exit 1; }
REDIS_PORT=${1:-6390}
WORK=$(mktemp -d)
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

"$REDIS" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
for n in 1 2 3; do
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" --bind 127.0.0.1 --udp-port "3210$n" --http-port "3218$n" \
    --event-loops 1 --cluster "redis://127.0.0.1:$REDIS_PORT" --node-address "127.0.0.1:3210$n" >"$WORK/node$n.log" 2>&1 &
  PIDS+=($!)
done
echo "cluster-demo: redis on 127.0.0.1:$REDIS_PORT, nodes on udp 127.0.0.1:32101, :32102, :32103; waiting for them…"
for n in 1 2 3; do
  for _ in $(seq 150); do
    [ "$(curl -s "http://127.0.0.1:3218$n/healthz" 2>/dev/null)" = "ok" ] && break
    sleep 0.2
  done
  echo "  node $n: $(curl -s "http://127.0.0.1:3218$n/healthz" || echo 'not answering (see its log below)')"
done
cat <<TEXT
Try it (in other terminals):
  java -jar camera-emulator/target/camera-emulator.jar run --state-dir /tmp/cam1 --cloud 127.0.0.1:32101 --source synthetic
  P2PCAM_PASSWORD=… java -jar viewer-desktop/target/viewer-desktop.jar probe --cloud 127.0.0.1:32103 --camera ID --frames 300
      (ID: java -jar camera-emulator/target/camera-emulator.jar id --state-dir /tmp/cam1; the camera
       registered with node 1, the viewer asks node 3)
  curl -s http://127.0.0.1:32183/metrics | grep p2pcam_cluster
Logs: $WORK. Ctrl-C stops everything.
TEXT
wait "${PIDS[1]}"
