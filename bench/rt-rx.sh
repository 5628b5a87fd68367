# shellcheck shell=bash
# Sourced by the cloud-load scripts (docs/BENCHMARKS.md, "A million cameras per node"): RT_RX=1 gives
# the generator's connect-target and viewer receive threads (camera-targets-rx, viewer-rx) real-time
# priority (SCHED_FIFO 10, chrt; root). They do little work (the forwards, the targets' own keepalive
# acks, the results), but on the one core the generator shares among its threads a woken thread
# otherwise waits for the pacer's or the bulk receive thread's time slice: a real camera and a real
# viewer each have their own CPU and answer at once. Prints what it did.
rt_receive_threads() {
  local pid=$1 task comm n=0
  for task in /proc/"$pid"/task/*; do
    comm=$(cat "$task/comm" 2>/dev/null) || continue
    case "$comm" in
      camera-targets*|viewer-rx) chrt -f -p 10 "${task##*/}" >/dev/null 2>&1 && n=$((n + 1)) ;;
    esac
  done
  echo "rt-rx: $n receive threads of $pid at SCHED_FIFO 10 ($(date -u +%H:%M:%S))"
}
