#!/usr/bin/env bash
# Runs a bench/cloud-load.sh command and watches where datagrams go (docs/BENCHMARKS.md, "A million
# cameras per node", "Where (c)'s losses came from"): about once a second it records the kernel's UDP
# counters (nstat: UdpRcvbufErrors = datagrams dropped at a full socket receive queue), each UDP
# socket's queue and drops (`ss -uamn` skmem r and d: the cloud's port and the generator's 127.77/78
# sockets), nf_conntrack_count, each CPU's time split (/proc/stat: user, system, softirq, idle: who
# else runs on the cores) and the CPU of the server and the generator.
#
#   PIN=1 bench/cloud-load-watch.sh env CAMERAS=150000 KEEPALIVE=3 CONNECTS=5000 DURATION=40s \
#     EVENT_LOOPS=1 bench/cloud-load.sh --max-ramp 200s
#
# PIN=1: once the ramp is done, the server goes to core 1 and the generator to core 0 (taskset -a -p),
# so that the ramp uses both cores and the measured window shows each process on a core of its own.
# RT_RX=1: then the generator's connect-target and viewer receive threads run at SCHED_FIFO (bench/rt-rx.sh).
# JFR=SECONDS: then a JFR profile of both JVMs (settings=profile) after JFR_DELAY seconds (8);
# JFR_EVENTS: more event settings for it (jcmd JFR.start's <event>#<setting>=<value> words, e.g.
# "jdk.SafepointBegin#enabled=true"); the generator's connects over 10 ms are p2pcam.SlowConnect events.
# PERF_SCHED=SECONDS: with JFR, `perf sched record` of both cores for that long, from when JFR starts
# (perf-sched.data: who held each core, e.g. `perf sched timehist -p PID`; root).
# QUEUES=SECONDS: after the pinning (and JFR_DELAY), every UDP socket's receive queue every 10 ms for
# that long (bench/udp-queues.py: queues-10ms.txt, the samples where a socket holds over 64 KiB).
# Output in bench-out/watch-<time>/samples.txt; the run's own output in its bench-out/cloud-load-*/.
# The sampling costs ~0.3 of a core at the caller's priority: compare watched runs with each other;
# SAMPLE=0 skips it (PIN and JFR still work).
set -u
cd "$(dirname "$0")/.."
# shellcheck source=rt-rx.sh
. bench/rt-rx.sh
LOG=bench-out/watch-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$LOG"
newest_run() { ls -td bench-out/cloud-load-* 2>/dev/null | head -1; }
sample() {
  while true; do
    {
      echo "T $(date -u +%H:%M:%S.%N | cut -c1-12)"
      nstat -az 2>/dev/null | awk '$1 ~ /^(UdpInDatagrams|UdpRcvbufErrors|UdpInErrors|UdpSndbufErrors|UdpOutDatagrams|UdpNoPorts)$/ {print $1, $2}'
      grep -E '^cpu[0-9]+ ' /proc/stat
      echo "conntrack $(cat /proc/sys/net/netfilter/nf_conntrack_count 2>/dev/null || echo n/a)"
      ss -uamn 2>/dev/null | awk '/^UNCONN|^ESTAB/ {la = $4; pa = $5; getline; r = d = "?";
          if (match($0, /r[0-9]+,/)) r = substr($0, RSTART + 1, RLENGTH - 2);
          if (match($0, /d[0-9]+\)/)) d = substr($0, RSTART + 1, RLENGTH - 2);
          print "sock", la, pa, "r", r, "d", d}' | grep -E ':32100 |127\.7[78]\.'
      run=$(newest_run)
      if [ -n "$run" ] && [ "$run" -nt "$LOG" ]; then
        for p in $(pgrep -f "$run/(server|loadgen)-gc"); do
          echo "cpu $p $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -o 'cloud-[a-z]*\.jar') $(awk '{print $14, $15}' "/proc/$p/stat" 2>/dev/null)"
        done
      fi
    } >>"$LOG/samples.txt"
    sleep 1
  done
}
SAMPLER=
if [ "${SAMPLE:-1}" = 1 ]; then
  sample &
  SAMPLER=$!
fi
(
  until run=$(newest_run) && [ -n "$run" ] && [ "$run" -nt "$LOG" ] && grep -q '^ramp done' "$run/loadgen.log" 2>/dev/null; do sleep 1; done
  if [ "${PIN:-0}" = 1 ]; then
    for p in $(pgrep -f "$run/server-gc"); do taskset -a -p -c 1 "$p" >/dev/null; done
    for p in $(pgrep -f "$run/loadgen-gc"); do taskset -a -p -c 0 "$p" >/dev/null; done
    echo "pinned at $(date -u +%H:%M:%S)" >>"$LOG/samples.txt"
  fi
  if [ "${RT_RX:-0}" = 1 ]; then
    for p in $(pgrep -f "$run/loadgen-gc"); do rt_receive_threads "$p" | tee -a "$LOG/samples.txt" >&2; done
  fi
  if [ -n "${JFR:-}" ] || [ -n "${QUEUES:-}" ]; then sleep "${JFR_DELAY:-8}"; fi
  if [ -n "${QUEUES:-}" ]; then
    bench/udp-queues.py "$QUEUES" "$LOG/queues-10ms.txt" &
  fi
  if [ -n "${JFR:-}" ]; then
    # shellcheck disable=SC2086 # JFR_EVENTS is a list of words
    for p in $(pgrep -f "$run/server-gc"); do jcmd "$p" JFR.start name=watch settings=profile duration="${JFR}s" filename="$PWD/$LOG/server.jfr" ${JFR_EVENTS:-} >/dev/null; done
    # shellcheck disable=SC2086
    for p in $(pgrep -f "$run/loadgen-gc"); do jcmd "$p" JFR.start name=watch settings=profile duration="${JFR}s" filename="$PWD/$LOG/loadgen.jfr" ${JFR_EVENTS:-} >/dev/null; done
    echo "jfr started at $(date -u +%H:%M:%S)" >>"$LOG/samples.txt"
    if [ -n "${PERF_SCHED:-}" ]; then
      perf sched record -a -o "$LOG/perf-sched.data" -- sleep "$PERF_SCHED" >"$LOG/perf-sched.log" 2>&1
      echo "perf sched recorded $(date -u +%H:%M:%S)" >>"$LOG/samples.txt"
    fi
  fi
) &
PINNER=$!
"$@"
rc=$?
kill ${SAMPLER:+"$SAMPLER"} "$PINNER" 2>/dev/null
wait 2>/dev/null
# The cloud socket's drops and queue, sample by sample, where it dropped anything.
awk '/^T / {t = $2} /^sock .*:32100 / {d = $7; if (pd != "" && d > pd) print t, "cloud socket dropped", d - pd, "queue bytes", $5; pd = d}' \
  "$LOG/samples.txt" >"$LOG/cloud-socket-drops.txt"
echo "cloud-load-watch: samples in $LOG ($(wc -l <"$LOG/cloud-socket-drops.txt") samples with drops at the cloud's socket)" >&2
exit "$rc"
