#!/usr/bin/env bash
# Loss-recovery benchmark (issue 6): cloud + emulated camera (synthetic 1280x720 at 30 fps) + probe
# on loopback, the probe's traffic (both directions) passing through the user-space network
# simulator (probe --impair; there is no netem here). Prints each probe's JSON line and a Markdown
# table for docs/BENCHMARKS.md.
#   bench/loss.sh [frames=450] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES=${1:-450}
RUNS=${2:-3}
UDP=${P2PCAM_BENCH_UDP_PORT:-42400}
HTTP=$((UDP + 80))
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests >&2   # reactor build, nothing installed into ~/.m2
. bench/lib.sh
start_cloud_and_camera "$UDP" "$HTTP"

# scenario name | --impair spec
SCENARIOS=(
  "clean|loss=0"
  "5% random loss|loss=0.05"
  "20% loss burst for 3 s (from 5 s)|burst=5000:3000:0.2"
  "50 ms added RTT + 2% loss|delay=25,loss=0.02"
  "5% loss, 1% reorder, 1% dup, 5 ms jitter|loss=0.05,reorder=0.01,dup=0.01,jitter=5,delay=5"
)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
for scenario in "${SCENARIOS[@]}"; do
  name=${scenario%%|*}; spec=${scenario#*|}
  for run in $(seq "$RUNS"); do
    "$JAVA" -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$ID" \
      --frames "$FRAMES" --timeout 90 --impair "$spec,seed=$run" \
      | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); d["scenario"]=sys.argv[1]; print(json.dumps(d))' "$name" \
      | tee -a "$WORK/runs.jsonl"
  done
  echo "camera: $(grep -c 'encoder bitrate now' "$WORK/camera.log" || true) bitrate change(s) so far; last: $(grep 'encoder bitrate now' "$WORK/camera.log" | tail -1 | sed 's/.*encoder/encoder/')"
done

echo
echo "| scenario | run | frames intact % | intact / dropped / corrupt | latency p50 / p95 / p99 ms | clean after burst ms | lost on path / recovered / given up | NACKs / PLIs | RTT ms |"
echo "|---|---|---|---|---|---|---|---|---|"
python3 - "$WORK/runs.jsonl" <<'PY'
import json, sys
runs = {}
for line in open(sys.argv[1]):
    d = json.loads(line)
    runs.setdefault(d["scenario"], []).append(d)
for name, ds in runs.items():
    for i, d in enumerate(ds, 1):
        if "error" in d:
            print(f"| {name} | {i} | {d['error']}: {d['message']} |||||||"); continue
        r = d.get("recovery", {})
        print(f"| {name} | {i} | {d['intactPercent']} | {d['intactFrames']} / {d['droppedFrames']} / {d['corruptFrames']} "
              f"| {d['latencyMsP50']} / {d['latencyMsP95']} / {d['latencyMsP99']} | {d.get('cleanAfterBurstMs', '–')} "
              f"| {r.get('lostOnPath')} / {r.get('recovered')} / {r.get('givenUp')} | {r.get('nacksSent')} / {r.get('plisSent')} | {r.get('rttMs')} |")
PY
