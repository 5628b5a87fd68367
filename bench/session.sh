#!/usr/bin/env bash
# Session benchmark (issue 3): cloud + emulated camera (synthetic 1280x720 at 30 fps) + probe on
# loopback. Prints each probe's JSON line and a Markdown table for docs/BENCHMARKS.md.
#   bench/session.sh [frames=300] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES=${1:-300}
RUNS=${2:-3}
UDP=${P2PCAM_BENCH_UDP_PORT:-42300}
HTTP=$((UDP + 80))
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || ./p2pcam build >/dev/null   # P2PCAM_BENCH_NO_BUILD=1: measure the jars already built
. bench/lib.sh
start_cloud_and_camera "$UDP" "$HTTP"
probe() { "$JAVA" -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$ID" --frames "$FRAMES" --timeout 60 "$@"; }

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "## single probe, $RUNS runs"
for run in $(seq "$RUNS"); do probe | tee -a "$WORK/single.jsonl"; done
echo "## one probe process connecting 3 times (the 2nd and 3rd: a further camera in a warm process)"
probe --repeat 3 | tee "$WORK/warm.jsonl"
echo "## 4 concurrent probes"
PROBES=()
for n in 1 2 3 4; do probe >"$WORK/concurrent-$n.json" & PROBES+=($!); done
wait "${PROBES[@]}" || true
cat "$WORK"/concurrent-*.json | tee "$WORK/concurrent.jsonl"

echo
echo "| run | path | lookupMs | connectMs | pathMs | firstPacketMs | firstFrameMs | first frame's age ms | firstLiveFrameMs | first unit key | frames | fps | latency p50 ms | latency p95 ms | dropped | corrupt |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
python3 - "$WORK/single.jsonl" "$WORK/warm.jsonl" "$WORK/concurrent.jsonl" <<'PY'
import json, sys
for label, path in (("single", sys.argv[1]), ("warm process", sys.argv[2]), ("4 at once", sys.argv[3])):
    for i, line in enumerate(open(path)):
        d = json.loads(line)
        if "error" in d:
            print(f"| {label} {i+1} | {d['error']}: {d['message']} |"); continue
        print(f"| {label} {i+1} | {d['path']} | {d['lookupMs']} | {d['connectMs']} | {d['pathMs']} | {d['firstPacketMs']} | {d['firstFrameMs']} | {d.get('firstFrameAgeMs')} | {d.get('firstLiveFrameMs')} | {d['firstUnitKeyframe']} | {d['frames']} | {d['fps']} | {d['latencyMsP50']} | {d['latencyMsP95']} | {d['droppedFrames']} | {d['corruptFrames']} |")
PY
echo
echo "camera: each first viewer's keyframe (a standby one kept while nobody watched, or encoded when it came)"
grep "stream watched" "$WORK/camera.log" | sed 's/.*INFO *[^ ]* *- *//' || true
