#!/usr/bin/env bash
# Stream switch benchmark (issue 16 §1): cloud + emulated camera (synthetic 1280x720 at 30 fps with
# its 640x360 sub-stream) + probe on loopback. Each run watches the sub-stream for FRAMES pictures,
# then asks for the main stream (as a double-click into the single view does) and reports
# switchMs: SELECT_STREAM asked -> first main-stream picture decoded, with the steps between.
# The camera's log line for each main-stream start says how long opening and encoding took.
#   bench/stream-switch.sh [runs=5] [frames=60]
# Env: P2PCAM_BENCH_NO_BUILD=1 (jars already built), CAMERA_ARGS (more camera `run` options).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
FRAMES=${2:-60}
UDP=${P2PCAM_BENCH_UDP_PORT:-42500}
HTTP=$((UDP + 80))
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || ./p2pcam build >/dev/null
. bench/lib.sh
start_cloud_and_camera "$UDP" "$HTTP"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
for run in $(seq "$RUNS"); do
  "$JAVA" -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$ID" \
    --stream sub --switch-to main --frames "$FRAMES" --timeout 30 | tee -a "$WORK/switch.jsonl"
done
echo "camera (main-stream starts):"
grep "main stream watched (.*first keyframe" "$WORK/camera.log" | sed "s/^.*main stream/  main stream/" || true
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run | switchFirstPacketMs | switchKeyframeMs | switchMs | new size |"
echo "|---|---|---|---|---|"
python3 - "$WORK/switch.jsonl" <<'PY'
import json, sys
for i, line in enumerate(open(sys.argv[1])):
    d = json.loads(line)
    if "error" in d:
        print(f"| {i+1} | {d['error']}: {d['message']} |"); continue
    print(f"| {i+1} | {d['switchFirstPacketMs']} | {d['switchKeyframeMs']} | {d['switchMs']} | {d['switchWidth']}x{d['switchHeight']} |")
PY
