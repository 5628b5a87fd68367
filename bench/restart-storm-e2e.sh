#!/usr/bin/env bash
# A node restart end to end (docs/BENCHMARKS.md, "Restart storm"): starts the cloud jar with a
# --state-dir, registers CAMERAS cameras with cloud-loadgen (real keys: each camera opens the ticket
# secret sealed to its X25519 key), then kills the cloud (SIGKILL: a crash), starts it again with the
# same --state-dir and times until every camera is registered again. Cameras notice at their next
# keepalive (NOT_REGISTERED, within KEEPALIVE seconds), say HELLO and answer with RESUME (a MAC
# check on the cloud, no signature). Prints the time from the kill and from the new process
# answering, how many resumed and how many signed, and the CPU of the generator and of the new cloud,
# and the kernel's UDP counters (`nstat -az`: UdpRcvbufErrors = datagrams dropped at a full socket
# receive queue, system-wide) from the kill to the end of the run.
#
#   bench/restart-storm-e2e.sh                       # 100,000 cameras, 20 s keepalives
#   CAMERAS=1000000 bench/restart-storm-e2e.sh
#   SERVER_CPUS=1 LOADGEN_CPUS=0 bench/restart-storm-e2e.sh   # each pinned to its own core (taskset)
#   FRESH_KEYS=1 bench/restart-storm-e2e.sh          # restart with an empty state dir: every ticket refused, all sign
#   CAMERAS=1000000 CONNECTS=5000 DURATION=120s WARMUP=10s SERVER_CPUS=1 LOADGEN_CPUS=0 PIN_AFTER_RAMP=1 \
#     bench/restart-storm-e2e.sh --signer-threads 2   # one ramp, both goals: the steady state, then the restart
#
# The generator measures first (WARMUP, then DURATION of keepalives and CONNECTS connects a second:
# the figures of bench/cloud-load.sh) and restarts the cloud after that, on the same fleet.
# PIN_AFTER_RAMP=1 lets both processes use every core while the fleet registers (the ramp is bound
# by signatures and X25519 on both sides) and pins them (taskset -a -p) to SERVER_CPUS and
# LOADGEN_CPUS once the ramp is done, so the measured window and the storm run on a core each.
#
# Environment: CAMERAS (100000), KEEPALIVE (20), EVENT_LOOPS (0 = one per core), UDP_PORT (32100),
# HTTP_PORT (32180), SERVER_HEAP (1g), LOADGEN_HEAP (2g), SERVER_CPUS / LOADGEN_CPUS (taskset CPU
# lists, empty = not pinned), PIN_AFTER_RAMP (0), KILL_SIGNAL (KILL), STORM_TIMEOUT (5m), CONNECTS
# (0), DURATION (5s), WARMUP (0s), UDP_RECEIVE_BUFFER (the server's --udp-receive-buffer in KiB, 4096),
# RMEM_MAX (bytes: net.core.rmem_max for the run, root only, restored at the end; bench/rmem.sh),
# RT_RX (0; 1 with PIN_AFTER_RAMP=1: the generator's connect-target and viewer receive threads at
# SCHED_FIFO after the ramp, bench/rt-rx.sh),
# SERVER_OPTS / LOADGEN_OPTS (more JVM flags), UNPIN_FOR_STORM (0; 1: the storm runs on the whole machine:
# at the kill the generator is unpinned and the new cloud starts unpinned, while the measured window
# before it keeps the pinning), START_UP_CACHE (0; 1: the cloud starts with a start-up cache, a JDK 25
# AOT cache trained first by a small run of this script: the real `-jar cloud-server.jar` restarted
# under TRAIN_CAMERAS (5000) cameras records it with -XX:AOTCacheOutput while they come back by
# RESUME, and writes it when stopped; docs/decisions/0033 and 0037).
# Extra arguments go to cloud-loadgen.
# Everything a run printed is kept in bench-out/restart-storm-<timestamp>/, with a GC log of each JVM
# (server-gc-PID.log for the first and the restarted cloud, loadgen-gc.log).
set -euo pipefail
cd "$(dirname "$0")/.."

CAMERAS=${CAMERAS:-100000}
KEEPALIVE=${KEEPALIVE:-20}
EVENT_LOOPS=${EVENT_LOOPS:-0}
UDP_PORT=${UDP_PORT:-32100}
HTTP_PORT=${HTTP_PORT:-32180}
SERVER_HEAP=${SERVER_HEAP:-1g}
LOADGEN_HEAP=${LOADGEN_HEAP:-2g}
KILL_SIGNAL=${KILL_SIGNAL:-KILL}
STORM_TIMEOUT=${STORM_TIMEOUT:-5m}
CONNECTS=${CONNECTS:-0}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-0s}
PIN_AFTER_RAMP=${PIN_AFTER_RAMP:-0}
UDP_RECEIVE_BUFFER=${UDP_RECEIVE_BUFFER:-4096}
UNPIN_FOR_STORM=${UNPIN_FOR_STORM:-0}
MAX_CAMERAS=$(( CAMERAS + CAMERAS / 10 + 1000 ))
RATE=1000000
die() { echo "restart-storm-e2e: $*" >&2; exit 1; }

# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || die "no Java 25 found"
[ -f cloud-server/target/cloud-server.jar ] && [ -f cloud-loadgen/target/cloud-loadgen.jar ] ||
  die "build first: mvn -pl cloud-server,cloud-loadgen -am install -DskipTests"
pin() { if [ -n "$1" ]; then echo "taskset -c $1"; fi; }

OUT=$PWD/bench-out/restart-storm-$(date -u +%Y%m%dT%H%M%SZ)${TRAIN_CACHE_OUTPUT:+-training}
mkdir -p "$OUT/state"
STATE=$OUT/state
RESTART_STATE=$STATE
if [ "${FRESH_KEYS:-0}" = 1 ]; then RESTART_STATE=$OUT/state-fresh; mkdir -p "$RESTART_STATE"; fi

# START_UP_CACHE=1: train the cloud's start-up cache first, with the real main driven from outside
# (decision 0037): a small run of this very script, whose restarted cloud (the one that meets the
# storm: HELLO, RESUME, keepalives) records the cache with -XX:AOTCacheOutput and writes it when the
# run stops it. Same Java, heap, GC and SERVER_OPTS as the measured cloud, as a cache requires;
# nothing pinned. TRAIN_CACHE_OUTPUT is that run's own switch.
CACHE_OPTS=
if [ "${START_UP_CACHE:-0}" = 1 ]; then
  START_UP_CACHE=0 CAMERAS=${TRAIN_CAMERAS:-5000} KEEPALIVE=2 CONNECTS=500 DURATION=5s WARMUP=0s STORM_TIMEOUT=60s \
    PIN_AFTER_RAMP=0 SERVER_CPUS= LOADGEN_CPUS= RT_RX=0 UNPIN_FOR_STORM=0 FRESH_KEYS=0 KILL_SIGNAL=KILL \
    TRAIN_CACHE_OUTPUT="$OUT/cloud-server.aot" "$0" "$@" >"$OUT/training.log" 2>&1 ||
    die "the training run failed: $(tail -2 "$OUT/training.log")"
  [ -s "$OUT/cloud-server.aot" ] || die "the training run wrote no cache (see $OUT/training.log)"
  CACHE_OPTS="-XX:AOTCache=$OUT/cloud-server.aot"
fi
TRAIN_OPTS=
if [ -n "${TRAIN_CACHE_OUTPUT:-}" ]; then TRAIN_OPTS="-XX:AOTCacheOutput=$TRAIN_CACHE_OUTPUT"; fi

# The server's command line, with the state directory as $1; written to a script so that the
# restart command (run by the generator) starts the very same thing.
# START_UNPINNED=1 in its environment starts it without the taskset (the first start, with PIN_AFTER_RAMP=1).
cat >"$OUT/start-server.sh" <<SCRIPT
#!/usr/bin/env bash
PIN="$(pin "${SERVER_CPUS:-}")"
if [ "\${START_UNPINNED:-0}" = 1 ]; then PIN=; fi
TRAIN=
if [ "\${RESTARTED:-0}" = 1 ]; then TRAIN="$TRAIN_OPTS"; fi
\$PIN "$JAVA" -Xms$SERVER_HEAP -Xmx$SERVER_HEAP -XX:+UseParallelGC $CACHE_OPTS \$TRAIN ${SERVER_OPTS:-} "-Xlog:gc*:file=$OUT/server-gc-%p.log:time,uptime" --enable-native-access=ALL-UNNAMED \\
  -jar "$PWD/cloud-server/target/cloud-server.jar" --bind 127.0.0.1 --udp-port $UDP_PORT --http-port $HTTP_PORT \\
  --keepalive $KEEPALIVE --event-loops $EVENT_LOOPS --max-cameras $MAX_CAMERAS --register-rate $RATE \\
  --request-rate $RATE --registrations-per-party $MAX_CAMERAS,$MAX_CAMERAS,$MAX_CAMERAS \\
  --pending-connects-per-party 100000,100000,100000 --max-signature-checks 4096 --udp-receive-buffer $UDP_RECEIVE_BUFFER --state-dir "\$1" \\
  >>"$OUT/server.log" 2>&1 &
echo \$! >"$OUT/server.pid"
for _ in \$(seq 1 300); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/metrics" >/dev/null 2>&1 && break
  sleep 0.05
done
cat "$OUT/server.pid"
SCRIPT
udp_counters() { nstat -az 2>/dev/null | awk '$1 ~ /^Udp6?[A-Z]/ {print $1, $2}'; }
cat >"$OUT/restart-server.sh" <<SCRIPT
#!/usr/bin/env bash
nstat -az 2>/dev/null | awk '\$1 ~ /^Udp6?[A-Z]/ {print \$1, \$2}' >"$OUT/udp-at-kill"
pid=\$(cat "$OUT/server.pid")
kill -$KILL_SIGNAL "\$pid"
while kill -0 "\$pid" 2>/dev/null; do sleep 0.01; done
echo "killed \$pid at \$(date -u +%H:%M:%S.%N)" >>"$OUT/server.log"
if [ "$UNPIN_FOR_STORM" = 1 ]; then
  # The storm on the whole machine: the generator may use every core again, the new cloud starts unpinned.
  taskset -a -p -c 0-\$((\$(nproc) - 1)) "\$(cat "$OUT/loadgen.pid")" >/dev/null
  export START_UNPINNED=1
fi
RESTARTED=1 exec "$OUT/start-server.sh" "$RESTART_STATE"
SCRIPT
chmod +x "$OUT/start-server.sh" "$OUT/restart-server.sh"
# shellcheck source=rmem.sh
. bench/rmem.sh
# shellcheck source=rt-rx.sh
. bench/rt-rx.sh
raise_rmem || die "RMEM_MAX=$RMEM_MAX needs root"
# Stops the cloud and waits for it: a cloud recording a start-up cache writes it on the way out.
stop_server() {
  local pid
  pid=$(cat "$OUT/server.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
}
trap 'stop_server; raise_rmem_restore' EXIT

{
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine:  nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (before start)"
  echo "rmem_max: $(sysctl -n net.core.rmem_max) (before the run: $RMEM_BEFORE); server asks for $UDP_RECEIVE_BUFFER KiB"
  echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cameras:  $CAMERAS, keepalive $KEEPALIVE s, event loops $EVENT_LOOPS, kill -$KILL_SIGNAL, fresh keys ${FRESH_KEYS:-0}, server cpus ${SERVER_CPUS:-any}, loadgen cpus ${LOADGEN_CPUS:-any}"
  if [ -n "$CACHE_OPTS" ]; then echo "cache:    $CACHE_OPTS, trained by $(grep '^storm done' "$OUT/training.log")"; fi
  echo "server:   $(sed -n 2,8p "$OUT/start-server.sh" | tr -d '\\' | tr -s ' ')"
  echo "loadgen:  --connects-per-second $CONNECTS --warmup $WARMUP --duration $DURATION $*, pinned after the ramp: $PIN_AFTER_RAMP, unpinned for the storm: $UNPIN_FOR_STORM"
} | tee "$OUT/run.txt"
SERVER_PID=$(START_UNPINNED=$PIN_AFTER_RAMP "$OUT/start-server.sh" "$STATE")
kill -0 "$SERVER_PID" 2>/dev/null || die "the server did not start: $(tail -3 "$OUT/server.log")"

LOADGEN_PIN=$(pin "${LOADGEN_CPUS:-}")
if [ "$PIN_AFTER_RAMP" = 1 ]; then
  LOADGEN_PIN=
  # Once the ramp is done: the server and the generator (every thread) onto their own CPUs.
  (
    until grep -q '^ramp done' "$OUT/loadgen.log" 2>/dev/null; do sleep 1; done
    [ -z "${SERVER_CPUS:-}" ] || taskset -a -p -c "$SERVER_CPUS" "$(cat "$OUT/server.pid")" >/dev/null
    [ -z "${LOADGEN_CPUS:-}" ] || taskset -a -p -c "$LOADGEN_CPUS" "$(cat "$OUT/loadgen.pid")" >/dev/null
    echo "pinned after the ramp at $(date -u +%H:%M:%S): server ${SERVER_CPUS:-any}, loadgen ${LOADGEN_CPUS:-any}" >>"$OUT/run.txt"
    if [ "${RT_RX:-0}" = 1 ]; then rt_receive_threads "$(cat "$OUT/loadgen.pid")" >>"$OUT/run.txt"; fi
  ) &
  PINNER=$!
fi

set +e
# shellcheck disable=SC2016
sh -c 'echo $$ >"$0"; exec "$@"' "$OUT/loadgen.pid" $LOADGEN_PIN "$JAVA" -Xms"$LOADGEN_HEAP" -Xmx"$LOADGEN_HEAP" -XX:+UseParallelGC ${LOADGEN_OPTS:-} "-Xlog:gc*:file=$OUT/loadgen-gc.log:time,uptime" -jar cloud-loadgen/target/cloud-loadgen.jar \
  --cloud "127.0.0.1:$UDP_PORT" --cameras "$CAMERAS" --connects-per-second "$CONNECTS" --warmup "$WARMUP" --duration "$DURATION" \
  --metrics-url "http://127.0.0.1:$HTTP_PORT/metrics" --server-pid "$SERVER_PID" \
  --restart-command "$OUT/restart-server.sh" --storm-timeout "$STORM_TIMEOUT" "$@" 2>&1 | tee "$OUT/loadgen.log"
STATUS=${PIPESTATUS[0]}
set -e
if [ -n "${PINNER:-}" ]; then kill "$PINNER" 2>/dev/null || true; fi
echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (at end)" | tee -a "$OUT/run.txt"
grep -E '^(storm|ramp done)' "$OUT/loadgen.log" | tail -4
grep -q '^pinned after' "$OUT/run.txt" && grep '^pinned after' "$OUT/run.txt"
if [ -s "$OUT/udp-at-kill" ]; then
  udp_counters >"$OUT/udp-at-end"
  echo "kernel UDP counters from the kill to the end: $(awk 'NR == FNR {b[$1] = $2; next} {d = $2 - b[$1]; if (d != 0) printf "%s +%d ", $1, d}' "$OUT/udp-at-kill" "$OUT/udp-at-end")" |
    tee -a "$OUT/run.txt"
fi
echo "restart-storm-e2e: output in $OUT" >&2
exit "$STATUS"
