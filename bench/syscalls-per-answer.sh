#!/usr/bin/env bash
# The system calls one UDP server thread makes per answer, by kind, counted (not timed: counts do
# not depend on the machine's load the way times do), over SECONDS while something blasts it
# (docs/BENCHMARKS.md, "Stateless requests"; bench/stateless-rate.sh runs it with SYSCALLS=1).
#
#   bench/syscalls-per-answer.sh TID [SECONDS=4]
#
# `perf record` keeps every syscalls:sys_enter_* tracepoint of the thread, and the exits of recvmmsg
# and sendmmsg with their return values, over one window: the answers are the datagrams its
# sendmmsg calls took (exact, whoever the server is), and the batch sizes and the calls that found
# nothing (EAGAIN) are exact too. Prints one line: answers, recvmmsg calls (empty ones, datagrams
# per non-empty call), sendmmsg calls (datagrams per call), then every kind of call per answer.
# Needs root (or perf_event_paranoid -1). The tracing costs the thread a few per cent of its core.
set -euo pipefail
TID=${1:?usage: syscalls-per-answer.sh TID [SECONDS]}
SECONDS_WATCHED=${2:-4}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

perf record -q -o "$WORK/calls" -e 'syscalls:sys_enter_*' -e syscalls:sys_exit_recvmmsg \
  -e syscalls:sys_exit_sendmmsg -t "$TID" -- sleep "$SECONDS_WATCHED" >/dev/null 2>&1
# perf prints the return value in hex, a negative one (-EAGAIN) as 0xfff...: that is a failed call.
perf script -i "$WORK/calls" -F event,trace 2>/dev/null | awk '
  function count(hex,    i, v) {
    if (length(hex) > 10) return -1
    v = 0
    for (i = 3; i <= length(hex); i++) v = v * 16 + index("0123456789abcdef", substr(hex, i, 1)) - 1
    return v
  }
  /sys_exit_recvmmsg/ { r = count($NF); rcalls++; if (r > 0) { rgot += r; rfull++ } else rempty++; next }
  /sys_exit_sendmmsg/ { s = count($NF); scalls++; if (s > 0) sgot += s; else sfail++; next }
  /sys_enter_/ { name = $1; sub(/^syscalls:sys_enter_/, "", name); sub(/:$/, "", name); kinds[name]++ }
  END {
    printf "%d %d %d %d %d %d %d", sgot, rcalls, rempty, rgot, rfull, scalls, sfail
    for (k in kinds) printf " %s=%d", k, kinds[k]
    printf "\n"
  }' >"$WORK/summary"
read -r answers rcalls rempty rgot rfull scalls sfail kinds <"$WORK/summary"
[ "$answers" -gt 0 ] || { echo "no answers sent by thread $TID in $SECONDS_WATCHED s"; exit 0; }
printf 'answers %d | recvmmsg %d calls (%d empty, %.1f datagrams per non-empty call) | sendmmsg %d calls (%d failed, %.1f datagrams per call) | per answer:' \
  "$answers" "$rcalls" "$rempty" "$(echo "$rgot / ($rfull + ($rfull == 0))" | bc -l)" \
  "$scalls" "$sfail" "$(echo "$answers / ($scalls + ($scalls == 0))" | bc -l)"
echo "$kinds" | tr ' ' '\n' | sort | awk -F= -v n="$answers" 'NF == 2 {total += $2; line = line sprintf(" %s %.4f", $1, $2 / n)}
  END {printf " all %.4f |%s\n", total / n, line}'
