#!/usr/bin/env bash
# Cloud load benchmark (docs/BENCHMARKS.md, "Cloud load"): starts the cloud jar with raised
# per-source rate limits, runs cloud-loadgen against it with the server's PID (so heap per camera
# is read after a full GC), stops the server and prints the figures.
#
#   bench/cloud-load.sh                                   # 1,000,000 cameras, 5,000 connects/s, 120 s
#   CAMERAS=10000 CONNECTS=500 DURATION=60s bench/cloud-load.sh
#   bench/cloud-load.sh --ramp-window 2000                # extra flags go to cloud-loadgen
#
# Environment: CAMERAS, CONNECTS, DURATION, WARMUP, KEEPALIVE (seconds), EVENT_LOOPS (0 = one per
# core), UDP_PORT, HTTP_PORT,
# SERVER_HEAP (default 2g), SERVER_GC (default -XX:+UseParallelGC), LOADGEN_HEAP (default 4g), LOADGEN_GC (default
# -XX:+UseParallelGC),
# SERVER_OPTS and LOADGEN_OPTS (more JVM flags, e.g. -XX:StartFlightRecording=...),
# SERVER=harness to run the test-scope in-process cloud instead of cloud-server.jar (development only),
# UDP_RECEIVE_BUFFER (the server's --udp-receive-buffer in KiB, default 4096) and RMEM_MAX (bytes: raise
# net.core.rmem_max to it for the run, root only, restored at the end; see bench/rmem.sh),
# P2PCAM_BENCH_NO_BUILD=1 uses the jars as built (no staleness check, no build: build before a quiet run),
# SERVER_CPUS and LOADGEN_CPUS (taskset CPU lists, e.g. SERVER_CPUS=1 LOADGEN_CPUS=0: each process on
# cores of its own, so that the figures say what the server does on its core; empty = not pinned).
# Everything a run printed is kept in bench-out/cloud-load-<timestamp>/.
set -euo pipefail
cd "$(dirname "$0")/.."

CAMERAS=${CAMERAS:-1000000}
CONNECTS=${CONNECTS:-5000}
DURATION=${DURATION:-120s}
WARMUP=${WARMUP:-10s}
KEEPALIVE=${KEEPALIVE:-20}
EVENT_LOOPS=${EVENT_LOOPS:-0}
UDP_PORT=${UDP_PORT:-32100}
HTTP_PORT=${HTTP_PORT:-32180}
SERVER_HEAP=${SERVER_HEAP:-2g}
SERVER_GC=${SERVER_GC:--XX:+UseParallelGC}
LOADGEN_GC=${LOADGEN_GC:--XX:+UseParallelGC}
LOADGEN_HEAP=${LOADGEN_HEAP:-4g}
SERVER=${SERVER:-jar}
UDP_RECEIVE_BUFFER=${UDP_RECEIVE_BUFFER:-4096}
MAX_CAMERAS=$(( CAMERAS + CAMERAS / 10 + 1000 ))
# Per source address and second; the generator spreads cameras over 16 addresses and viewers over
# 4, so the defaults (20/s, burst 60) would hold a million-camera ramp to 320 registrations/s.
RATE=1000000

die() { echo "cloud-load: $*" >&2; exit 1; }
# taskset -c LIST as a command prefix, or nothing.
PIN_SERVER=(); PIN_LOADGEN=()
if [ -n "${SERVER_CPUS:-}" ]; then PIN_SERVER=(taskset -c "$SERVER_CPUS"); fi
if [ -n "${LOADGEN_CPUS:-}" ]; then PIN_LOADGEN=(taskset -c "$LOADGEN_CPUS"); fi

# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || die "no Java 25 found (P2PCAM_JDK, P2PCAM_JAVA, JAVA_HOME, /usr/lib/jvm)"
SERVER_JAR=cloud-server/target/cloud-server.jar
LOADGEN_JAR=cloud-loadgen/target/cloud-loadgen.jar

stale() {
  [ ! -f "$1" ] || [ -n "$(find . -path ./.git -prune -o -path ./bench-out -prune -o -newer "$1" \( -name '*.java' -o -name 'pom.xml' \) -print -quit)" ]
}
if [ "${P2PCAM_BENCH_NO_BUILD:-0}" = 1 ]; then
  [ -f "$SERVER_JAR" ] && [ -f "$LOADGEN_JAR" ] || die "P2PCAM_BENCH_NO_BUILD=1 but $SERVER_JAR or $LOADGEN_JAR is missing"
elif stale "$SERVER_JAR" || stale "$LOADGEN_JAR"; then
  echo "cloud-load: building cloud-server and cloud-loadgen…" >&2
  mvn -B -q -ntp -pl cloud-server,cloud-loadgen -am install -DskipTests >&2 || die "build failed"
fi

# shellcheck source=rmem.sh
. bench/rmem.sh
raise_rmem || die "RMEM_MAX=$RMEM_MAX needs root"
trap raise_rmem_restore EXIT
OUT=bench-out/cloud-load-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"

SERVER_JVM=(-Xms"$SERVER_HEAP" -Xmx"$SERVER_HEAP" $SERVER_GC -Xlog:gc*:file="$OUT/server-gc.log" ${SERVER_OPTS:-})
if [ "$SERVER" = harness ]; then
  # The test-scope Rendezvous-on-a-DatagramChannel loop: for developing the generator, not for figures.
  mvn -B -q -ntp -pl cloud-loadgen dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/harness.cp" >&2
  mvn -B -q -ntp -pl cloud-loadgen test-compile >&2
  SERVER_CMD=("${PIN_SERVER[@]}" "$JAVA" "${SERVER_JVM[@]}" -cp "cloud-loadgen/target/test-classes:cloud-loadgen/target/classes:$(cat "$OUT/harness.cp")"
    io.p2pcam.loadgen.InProcessCloud "$UDP_PORT" "$HTTP_PORT" "$RATE" "$RATE")
else
  SERVER_CMD=("${PIN_SERVER[@]}" "$JAVA" "${SERVER_JVM[@]}" --enable-native-access=ALL-UNNAMED -jar "$SERVER_JAR"
    --bind 127.0.0.1 --udp-port "$UDP_PORT" --http-port "$HTTP_PORT" --keepalive "$KEEPALIVE" --event-loops "$EVENT_LOOPS"
    --max-cameras "$MAX_CAMERAS" --register-rate "$RATE" --request-rate "$RATE"
    --registrations-per-party "$MAX_CAMERAS,$MAX_CAMERAS,$MAX_CAMERAS"
    --pending-connects-per-party "100000,100000,100000" --udp-receive-buffer "$UDP_RECEIVE_BUFFER")
fi
LOADGEN_CMD=("${PIN_LOADGEN[@]}" "$JAVA" -Xms"$LOADGEN_HEAP" -Xmx"$LOADGEN_HEAP" $LOADGEN_GC -Xlog:gc*:file="$OUT/loadgen-gc.log" ${LOADGEN_OPTS:-}
  -jar "$LOADGEN_JAR" --cloud "127.0.0.1:$UDP_PORT" --cameras "$CAMERAS" --connects-per-second "$CONNECTS"
  --duration "$DURATION" --warmup "$WARMUP" --metrics-url "http://127.0.0.1:$HTTP_PORT/metrics")

{
  echo "date:     $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "machine:  nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM"
  echo "kernel:   $(uname -r)"
  echo "java:     $("$JAVA" -version 2>&1 | head -1)"
  echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (before start)"
  echo "rmem_max: $(sysctl -n net.core.rmem_max) (before the run: $RMEM_BEFORE); server asks for $UDP_RECEIVE_BUFFER KiB"
  echo "pinning:  server cpus ${SERVER_CPUS:-any}, loadgen cpus ${LOADGEN_CPUS:-any}"
  echo "commit:   $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "server:   ${SERVER_CMD[*]}"
  echo "loadgen:  ${LOADGEN_CMD[*]} --server-pid <server pid> $*"
} | tee "$OUT/run.txt"

"${SERVER_CMD[@]}" >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; raise_rmem_restore' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$HTTP_PORT/metrics" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "the server exited at start: $(tail -3 "$OUT/server.log")"
  sleep 0.2
done

set +e
"${LOADGEN_CMD[@]}" --server-pid "$SERVER_PID" "$@" 2>&1 | tee "$OUT/loadgen.log"
STATUS=${PIPESTATUS[0]}
set -e
echo "load avg: $(cut -d' ' -f1-3 /proc/loadavg) (at end)" | tee -a "$OUT/run.txt"
tail -1 "$OUT/loadgen.log" | grep '^{' > "$OUT/result.json" || true
echo "cloud-load: output in $OUT" >&2
exit "$STATUS"
