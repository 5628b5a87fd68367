#!/usr/bin/env bash
# Stateless request rate (docs/BENCHMARKS.md, "Stateless requests"): one load tool,
# ../shared/tools/udpblast.c (sendmmsg/recvmmsg, one thread), blasts the cloud with a LOOKUP of an
# unknown ID, then coturn with a STUN binding request, then bench/udp-reflector.c (a C server that
# only echoes each datagram back, with the same batched system calls: the most any server can answer
# here, the ceiling of the other two) with the LOOKUP, side by side, on loopback, and prints sent/s,
# answered/s and the answered ratio of each, with the CPU each process used (and the server's user
# and system time per answer). Fourth (`ffmcore`):
# bench/FfmLookupServer.java, the cloud's rendezvous core behind a Java edge without Netty (FFM
# recvmmsg/sendmmsg, one thread): how much of the cloud's cost is its edge, how much its core.
#
#   bench/stateless-rate.sh                       # 10 s each, cloud with one loop per core
#   SECONDS_EACH=20 EVENT_LOOPS=1 bench/stateless-rate.sh
#   RATE=100000 bench/stateless-rate.sh           # paced instead of as fast as one core sends
#   CLOUD_FLAGS="--udp-io netty" bench/stateless-rate.sh   # the cloud behind Netty's datagram channel
#                                                 # instead of its own FFM sockets (the default, decision 0081)
#
# Needs gcc and coturn (`apt-get install -y coturn`). Environment: SECONDS_EACH (10), SOCKETS (16),
# RATE (0 = unlimited), EVENT_LOOPS (0 = one per core), CLOUD_PORT (32150), CLOUD_HTTP_PORT (32151,
# its /metrics on 127.0.0.1: the cloud's own counts of what it read, sent and dropped), STUN_PORT (32478), REFLECTOR_PORT (32479), FFM_PORT (32480),
# UDPBLAST (path of udpblast.c, default ../shared/tools/udpblast.c), CLOUD_FLAGS (extra cloud flags),
# CLOUD_JVM (the cloud's JVM options, default "-Xms1g -Xmx1g"; e.g. add
# "-Xlog:gc*,safepoint:file=/tmp/gc.log:time,uptime" to see pauses), DROP_SAMPLE_MS (0 = off; else
# the server socket's kernel drop count is sampled this often during each run and every interval in
# which it rose is printed with its wall-clock time, to line up with a GC log), SERVER_CPUS /
# BLAST_CPUS (taskset CPU lists for both servers and for the blaster, empty = not pinned: e.g.
# SERVER_CPUS=1 BLAST_CPUS=0 gives each side a core of its own, so the CPU figures say who is the limit),
# WARMUP_SECONDS (1: an unmeasured blast first, for the JIT), SYSCALLS (0; 1 = count the server's
# system calls over the measured blast with `perf stat` on the syscalls tracepoints, all its threads,
# and print them per answer: how well reads and writes are batched; and, over the blast's middle
# half, those of the serving thread alone by kind with its batch sizes and empty reads
# (bench/syscalls-per-answer.sh); the tracing costs a busy loop
# a few per cent of its core, so take rates from runs without it), TARGETS ("cloud coturn reflect ffmcore":
# which servers to blast, in that order; e.g. TARGETS=cloud to compare two cloud settings quickly).
#
# Where the unanswered requests went: for each target the script prints the deltas of the kernel's
# UDP counters over the run (`nstat -az`: UdpInDatagrams, UdpOutDatagrams, UdpRcvbufErrors,
# UdpSndbufErrors, UdpInErrors, UdpMemErrors and their Udp6 twins; system-wide, so other UDP
# traffic on the machine is in them too) and the drops the kernel counted on the server's own
# sockets (the `drops` column of /proc/net/udp and /proc/net/udp6 for the server's port: requests
# that found the server's receive queue full). What is neither was lost on the blaster's side
# (its receive queues) or never sent.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${SECONDS_EACH:-10}
SOCKETS=${SOCKETS:-16}
RATE=${RATE:-0}
EVENT_LOOPS=${EVENT_LOOPS:-0}
CLOUD_PORT=${CLOUD_PORT:-32150}
CLOUD_HTTP_PORT=${CLOUD_HTTP_PORT:-32151}
STUN_PORT=${STUN_PORT:-32478}
REFLECTOR_PORT=${REFLECTOR_PORT:-32479}
FFM_PORT=${FFM_PORT:-32480}
UDPBLAST=${UDPBLAST:-../shared/tools/udpblast.c}
die() { echo "stateless-rate: $*" >&2; exit 1; }
SERVER_PIN=(); BLAST_PIN=()
if [ -n "${SERVER_CPUS:-}" ]; then SERVER_PIN=(taskset -c "$SERVER_CPUS"); fi
if [ -n "${BLAST_CPUS:-}" ]; then BLAST_PIN=(taskset -c "$BLAST_CPUS"); fi

# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || die "no Java 25 found"
command -v turnserver >/dev/null || die "coturn is not installed (apt-get install -y coturn)"
[ -f cloud-server/target/cloud-server.jar ] || die "build the cloud first: mvn -pl cloud-server -am install -DskipTests"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
gcc -O2 -o "$WORK/udpblast" "$UDPBLAST" || die "cannot build $UDPBLAST"
gcc -O2 -o "$WORK/udp-reflector" bench/udp-reflector.c || die "cannot build bench/udp-reflector.c"

# The system calls a UDP server makes per request (SYSCALLS=1); raw_syscalls counts all of them.
SYSCALL_EVENTS=raw_syscalls:sys_enter
for call in recvmmsg recvmsg recvfrom read sendmmsg sendmsg sendto write epoll_wait epoll_pwait epoll_pwait2 epoll_ctl io_uring_enter futex; do
  SYSCALL_EVENTS+=",syscalls:sys_enter_$call"
done

# CPU seconds (user + system) a process has used so far; cpu_split: "USER SYSTEM" seconds.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }
cpu_split() { awk -v hz="$(getconf CLK_TCK)" '{print $14 / hz, $15 / hz}' "/proc/$1/stat"; }

# Each core's time from /proc/stat, one "cpuN user nice system idle iowait irq softirq steal" a line:
# the processes' CPU says whose time it was, this says what each core did and whether it was full
# (softirq: the kernel delivering datagrams, over loopback on the sending core, charged to
# whichever process was running there).
core_times() { awk '$1 ~ /^cpu[0-9]+$/ {print $1, $2, $3, $4, $5, $6, $7, $8, $9}' /proc/stat; }
# core_shares BEFORE AFTER: each core's share of the run as user, system, softirq, irq, idle (+ steal).
core_shares() {
  awk 'NR == FNR {for (i = 2; i <= 9; i++) b[$1, i] = $i; next}
    {t = 0; for (i = 2; i <= 9; i++) {d[i] = $i - b[$1, i]; t += d[i]}
     if (t > 0) printf "%s user %.2f sys %.2f softirq %.2f irq %.2f idle %.2f steal %.2f  ", $1,
       (d[2] + d[3]) / t, d[4] / t, d[8] / t, d[7] / t, (d[5] + d[6]) / t, d[9] / t}' "$1" "$2"
}

# The kernel's UDP (and UDP over IPv6) counters, one "NAME VALUE" a line; UdpLite is left out.
counters() { nstat -az 2>/dev/null | awk '$1 ~ /^Udp6?[A-Z]/ {print $1, $2}'; }
# Receive-queue drops the kernel counted on the sockets bound to local port $1 (all of them, IPv4 and IPv6).
port_drops() {
  cat /proc/net/udp /proc/net/udp6 2>/dev/null |
    awk -v port="$(printf '%04X' "$1")" 'NR > 0 && $2 ~ (":" port "$") {sum += $NF} END {print sum + 0}'
}
# The cloud's own counters (datagrams in/out, lookups, drops by reason, hand-overs dropped); empty for coturn.
cloud_counters() {
  [ "$1" = cloud ] || return 0
  curl -s "http://127.0.0.1:$CLOUD_HTTP_PORT/metrics" |
    awk '/^p2pcam_(packets_in|packets_out|lookups|drops|handoffs_dropped)_total/ {print $1, $2}'
}
# counter_deltas BEFORE AFTER: the counters that changed, "NAME +DELTA".
counter_deltas() {
  awk 'NR == FNR {before[$1] = $2; next} {d = $2 - before[$1]; if (d != 0) printf "%s +%d  ", $1, d}' "$1" "$2" |
    tr -s ' ' | sed 's/ $//'
}

# blast NAME PID HEX: runs udpblast against 127.0.0.1:PORT and prints one line with the CPU use.
blast() {
  local name=$1 pid=$2 port=$3 hex=$4 before_server before_load after_server out before_drops after_drops
  ${BLAST_PIN[@]+"${BLAST_PIN[@]}"} "$WORK/udpblast" 127.0.0.1 "$port" "$hex" "${WARMUP_SECONDS:-1}" "$SOCKETS" "$RATE" >/dev/null # warm-up
  before_server=$(cpu "$pid")
  read -r before_user before_sys <<<"$(cpu_split "$pid")"
  before_load=$(cut -d' ' -f1-3 /proc/loadavg)
  counters >"$WORK/before"
  core_times >"$WORK/cores-before"
  cloud_counters "$name" >"$WORK/before-own"
  before_drops=$(port_drops "$port")
  if [ "${DROP_SAMPLE_MS:-0}" != 0 ]; then
    python3 - "$port" "$DROP_SAMPLE_MS" >"$WORK/timeline" <<'PY' &
import sys, time, datetime
port, period = ":%04X" % int(sys.argv[1]), int(sys.argv[2]) / 1000
while True:
    drops = 0
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        with open(name) as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[1].endswith(port):
                    drops += int(fields[-1])
    print(datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S.%f")[:-3], drops, flush=True)
    time.sleep(period)
PY
    SAMPLER=$!
  fi
  if [ "${SYSCALLS:-0}" = 1 ]; then
    perf stat -x, -o "$WORK/syscalls" -e "$SYSCALL_EVENTS" -p "$pid" &
    PERF=$!
    # The serving thread alone, every kind of call and the batch sizes, over the blast's middle half.
    serving=$pid
    if [ "$name" = cloud ]; then serving=$(grep -l p2pcam-udp /proc/"$pid"/task/*/comm | head -1 | cut -d/ -f5); fi
    { sleep "$(echo "$SECONDS_EACH / 4" | bc -l)"; bench/syscalls-per-answer.sh "$serving" "$(echo "$SECONDS_EACH / 2" | bc -l)"; } \
      >"$WORK/thread-syscalls" 2>&1 &
    THREAD_PERF=$!
  fi
  out=$( { /usr/bin/time -f '%U %S' ${BLAST_PIN[@]+"${BLAST_PIN[@]}"} "$WORK/udpblast" 127.0.0.1 "$port" "$hex" "$SECONDS_EACH" "$SOCKETS" "$RATE"; } 2>"$WORK/time")
  after_server=$(cpu "$pid")
  if [ "${SYSCALLS:-0}" = 1 ]; then kill -INT "$PERF"; wait "$PERF" 2>/dev/null || true; wait "$THREAD_PERF" || true; fi
  read -r after_user after_sys <<<"$(cpu_split "$pid")"
  if [ "${DROP_SAMPLE_MS:-0}" != 0 ]; then
    kill "$SAMPLER"; wait "$SAMPLER" 2>/dev/null || true
    echo "$name drop timeline (sample time: drops since the previous sample, only where they rose):"
    awk 'NR > 1 && $2 > prev {printf "  %s +%d\n", $1, $2 - prev} {prev = $2}' "$WORK/timeline"
  fi
  counters >"$WORK/after"
  core_times >"$WORK/cores-after"
  cloud_counters "$name" >"$WORK/after-own"
  after_drops=$(port_drops "$port")
  read -r user sys <"$WORK/time"
  printf '%-7s %s | server CPU %.2f cores, udpblast CPU %.2f cores | load %s -> %s\n' "$name" "$out" \
    "$(echo "($after_server - $before_server) / $SECONDS_EACH" | bc -l)" \
    "$(echo "($user + $sys) / $SECONDS_EACH" | bc -l)" "$before_load" "$(cut -d' ' -f1-3 /proc/loadavg)"
  printf '%-7s CPU split: server user %.2f + system %.2f cores, udpblast user %.2f + system %.2f cores\n' "$name" \
    "$(echo "($after_user - $before_user) / $SECONDS_EACH" | bc -l)" "$(echo "($after_sys - $before_sys) / $SECONDS_EACH" | bc -l)" \
    "$(echo "$user / $SECONDS_EACH" | bc -l)" "$(echo "$sys / $SECONDS_EACH" | bc -l)"
  # The server's user time per answer (its own work, which load moves less than rates; kernel time is the echo's).
  replies=$(echo "$out" | grep -oE '[0-9]+ replies' | grep -oE '^[0-9]+' || true)
  printf '%-7s user time per answer: %s us, system %s us (server CPU over the run / %s replies)\n' "$name" \
    "$(echo "${replies:-0}" | awk -v u="$(echo "$after_user - $before_user" | bc -l)" '$1 > 0 {printf "%.3f", u * 1e6 / $1; exit} {print "-"}')" \
    "$(echo "${replies:-0}" | awk -v s="$(echo "$after_sys - $before_sys" | bc -l)" '$1 > 0 {printf "%.3f", s * 1e6 / $1; exit} {print "-"}')" \
    "${replies:-0}"
  printf '%-7s cores: %s\n' "$name" "$(core_shares "$WORK/cores-before" "$WORK/cores-after")"
  printf '%-7s server socket drops +%d | kernel %s\n' "$name" "$((after_drops - before_drops))" \
    "$(counter_deltas "$WORK/before" "$WORK/after")"
  if [ "${SYSCALLS:-0}" = 1 ]; then
    # udpblast prints "(N sent, M replies, ...)": per answer = count / M.
    answered=$(echo "$out" | grep -oE '[0-9]+ replies' | grep -oE '^[0-9]+')
    printf '%-7s syscalls per answer: %s\n' "$name" "$(awk -F, -v n="${answered:-0}" \
      '$1 ~ /^[0-9]+$/ && $1 > 0 && n > 0 {sub(/^syscalls:sys_enter_/, "", $3); sub(/^raw_syscalls:sys_enter$/, "all", $3); printf "%s %.4f  ", $3, $1 / n}' "$WORK/syscalls")"
    printf '%-7s serving thread: %s\n' "$name" "$(cat "$WORK/thread-syscalls")"
  fi
  [ "$name" != cloud ] || printf '%-7s own counters %s\n' "$name" "$(counter_deltas "$WORK/before-own" "$WORK/after-own")"
}

# shellcheck disable=SC2086
${SERVER_PIN[@]+"${SERVER_PIN[@]}"} "$JAVA" ${CLOUD_JVM:--Xms1g -Xmx1g} --enable-native-access=ALL-UNNAMED -jar cloud-server/target/cloud-server.jar \
  --bind 127.0.0.1 --udp-port "$CLOUD_PORT" --http-port "$CLOUD_HTTP_PORT" --http-bind 127.0.0.1 --tcp-port off --request-rate 1000000000 \
  --event-loops "$EVENT_LOOPS" ${CLOUD_FLAGS:-} >"$WORK/cloud.log" 2>&1 &
CLOUD_PID=$!
PIDS+=("$CLOUD_PID")
${SERVER_PIN[@]+"${SERVER_PIN[@]}"} turnserver -n --stun-only --listening-ip=127.0.0.1 --listening-port="$STUN_PORT" --no-cli --no-tls --no-dtls \
  --log-file=stdout >"$WORK/turn.log" 2>&1 &
TURN_PID=$!
PIDS+=("$TURN_PID")
${SERVER_PIN[@]+"${SERVER_PIN[@]}"} "$WORK/udp-reflector" "$REFLECTOR_PORT" &
REFLECTOR_PID=$!
PIDS+=("$REFLECTOR_PID")
# shellcheck disable=SC2086
${SERVER_PIN[@]+"${SERVER_PIN[@]}"} "$JAVA" ${CLOUD_JVM:--Xms1g -Xmx1g} --enable-native-access=ALL-UNNAMED \
  -cp cloud-server/target/cloud-server.jar bench/FfmLookupServer.java "$FFM_PORT" >"$WORK/ffm.log" 2>&1 &
FFM_PID=$!
PIDS+=("$FFM_PID")
for _ in $(seq 50); do grep -q 'UDP transport' "$WORK/cloud.log" && break; sleep 0.2; done
for _ in $(seq 100); do grep -q 'FFM lookup server on' "$WORK/ffm.log" && break; sleep 0.2; done
sleep 1

# LOOKUP (0x10) of an unknown ID, padded to 96 bytes (docs/PROTOCOL.md §3.10.7).
LOOKUP="50430110$(printf '%016x' 1)$(printf 'ab%.0s' $(seq 15))$(printf '00%.0s' $(seq 69))"
STUN=000100002112a442000102030405060708090a0b
echo "pinning: servers ${SERVER_CPUS:-any}, udpblast ${BLAST_CPUS:-any}; cloud JVM: ${CLOUD_JVM:--Xms1g -Xmx1g}"
echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ), nproc $(nproc), commit $(git rev-parse --short HEAD), udpblast $SECONDS_EACH s, $SOCKETS sockets, rate $([ "$RATE" = 0 ] && echo unlimited || echo "$RATE/s")"
echo "uptime: $(uptime)"
echo "cloud: $(grep -m1 'UDP transport' "$WORK/cloud.log" | sed 's/^.* - //'), --event-loops $EVENT_LOOPS; coturn $(turnserver --version 2>&1 | head -1)"
for target in ${TARGETS:-cloud coturn reflect ffmcore}; do
  case $target in
    cloud) blast cloud "$CLOUD_PID" "$CLOUD_PORT" "$LOOKUP" ;;
    coturn) blast coturn "$TURN_PID" "$STUN_PORT" "$STUN" ;;
    reflect) blast reflect "$REFLECTOR_PID" "$REFLECTOR_PORT" "$LOOKUP" ;;
    ffmcore) blast ffmcore "$FFM_PID" "$FFM_PORT" "$LOOKUP" ;;
    *) die "unknown target $target in TARGETS (cloud, coturn, reflect, ffmcore)" ;;
  esac
done
