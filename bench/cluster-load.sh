#!/usr/bin/env bash
# The cloud cluster under load (issue 14): Debian's redis-server and three cloud nodes on this
# machine (--cluster, one event loop each), and cloud-loadgen with all three nodes in --cloud: its
# camera sockets go to the nodes in turn (the cameras are spread over them) and so do its viewer
# sockets (a connect reaches a random node, two in three of them not the camera's, handed over
# through Redis). Prints the generator's report and each node's cluster counters and CPU.
#   bench/cluster-load.sh [cameras=30000] [connects/s=300] [seconds=60]
# Env: REDIS_PORT (6395), UDP_BASE (32400: nodes on +1..+3, HTTP on +81..+83), P2PCAM_BENCH_NO_BUILD.
set -euo pipefail
cd "$(dirname "$0")/.."
CAMERAS=${1:-30000}
CONNECTS=${2:-300}
SECONDS_MEASURED=${3:-60}
REDIS_PORT=${REDIS_PORT:-6395}
BASE=${UDP_BASE:-32400}
. scripts/lib.sh
JAVA=$(find_java25) || { echo "cluster-load: no Java 25 found" >&2; exit 1; }
REDIS=$(command -v redis-server || true)
[ -n "$REDIS" ] || { echo "cluster-load: needs redis-server (sudo apt-get install redis-server)" >&2; exit 1; }
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || ./p2pcam build >/dev/null
WORK=$(mktemp -d)
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT INT TERM

"$REDIS" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
NODES=()
for n in 1 2 3; do
  udp=$((BASE + n)); http=$((BASE + 80 + n))
  "$JAVA" -Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED -jar cloud-server/target/cloud-server.jar \
    --bind 127.0.0.1 --udp-port "$udp" --http-port "$http" --event-loops 1 \
    --cluster "redis://127.0.0.1:$REDIS_PORT" --node-address "127.0.0.1:$udp" \
    --register-rate 1000000 --request-rate 1000000 --max-cameras 1000000 \
    --registrations-per-party "1000000,1000000,1000000" --pending-connects-per-party "100000,100000,100000" \
    >"$WORK/node$n.log" 2>&1 &
  PIDS+=($!)
  NODES+=("127.0.0.1:$udp")
done
for n in 1 2 3; do
  for _ in $(seq 150); do
    [ "$(curl -s "http://127.0.0.1:$((BASE + 80 + n))/healthz" 2>/dev/null)" = "ok" ] && break
    sleep 0.2
  done
done
node_cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A BEFORE
for i in 1 2 3; do BEFORE[$i]=$(node_cpu "${PIDS[$i]}"); done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), commit $(git rev-parse --short HEAD)"
START=$(date +%s.%N)
clouds=$(IFS=,; echo "${NODES[*]}")
"$JAVA" -Xms2g -Xmx2g -XX:+UseParallelGC -jar cloud-loadgen/target/cloud-loadgen.jar --cloud "$clouds" \
  --cameras "$CAMERAS" --connects-per-second "$CONNECTS" --duration "${SECONDS_MEASURED}s" --warmup 10s \
  --sockets 48 --viewer-sockets 24 --metrics-url "http://127.0.0.1:$((BASE + 81))/metrics" | tee "$WORK/loadgen.log"
ELAPSED=$(echo "$(date +%s.%N) - $START" | bc)
TICKS=$(getconf CLK_TCK)
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg); run ${ELAPSED} s"
for i in 1 2 3; do
  cpu=$(echo "($(node_cpu "${PIDS[$i]}") - ${BEFORE[$i]}) / $TICKS / $ELAPSED" | bc -l)
  printf 'node %d: %.2f cores over the run; ' "$i" "$cpu"
  curl -s "http://127.0.0.1:$((BASE + 80 + i))/metrics" | grep -E '^p2pcam_(cluster|connects_total)' \
    | grep -v ' 0$' | sed 's/^p2pcam_//' | tr '\n' ' '
  echo
done
echo "redis: $(redis-cli -p "$REDIS_PORT" info memory | grep '^used_memory_human' | tr -d '\r'), $(redis-cli -p "$REDIS_PORT" info stats | grep -E '^total_commands_processed' | tr -d '\r')"
