#!/usr/bin/env bash
# Session benchmark (issue 3): cloud + emulated camera (synthetic 1280x720 at 30 fps) + probe on
# loopback. Prints each probe's JSON line and a Markdown table for docs/BENCHMARKS.md.
#   bench/session.sh [frames=300] [runs=3]
# P2PCAM_PROBE_JAVA_OPTS: JVM options for every probe (for instance the viewer's AOT cache, as the
# installed p2pcam-viewer and ./p2pcam viewer use it: -XX:AOTCache=viewer-desktop/target/viewer-desktop.aot).
# Probes pair as the desktop app does (issue 16 §2): each keeps a viewer key in one of four key
# directories (--key-directory), so a directory's first connect sends the password and pairs, and
# its later connects are paired (no password; the camera's budget for viewers it does not know,
# 4 at once then one per 5 s per address, is not theirs to spend). The single probes take the
# four in turn; the warm process uses the first; the four concurrent probes one each.
# Exits 1 when a probe failed (after the table, which says why).
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES=${1:-300}
RUNS=${2:-3}
UDP=${P2PCAM_BENCH_UDP_PORT:-42300}
HTTP=$((UDP + 80))
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || ./p2pcam build >/dev/null   # P2PCAM_BENCH_NO_BUILD=1: measure the jars already built
. bench/lib.sh
start_cloud_and_camera "$UDP" "$HTTP"
probe() { # KEY-DIRECTORY-NUMBER [probe options]
  local keys="$WORK/viewer-keys-$1"; shift
  "$JAVA" ${P2PCAM_PROBE_JAVA_OPTS:-} -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$ID" --frames "$FRAMES" \
    --timeout 60 --key-directory "$keys" "$@"
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "## single probe, $RUNS runs"
: >"$WORK/single.jsonl"
for run in $(seq "$RUNS"); do probe $(((run - 1) % 4)) | tee -a "$WORK/single.jsonl" || true; done
echo "## one probe process connecting 3 times (the 2nd and 3rd: a further camera in a warm process)"
probe 0 --repeat 3 | tee "$WORK/warm.jsonl" || true
echo "## 4 concurrent probes"
PROBES=()
for n in 0 1 2 3; do probe "$n" >"$WORK/concurrent-$n.json" & PROBES+=($!); done
wait "${PROBES[@]}" || true
cat "$WORK"/concurrent-*.json | tee "$WORK/concurrent.jsonl"

echo
status=0
python3 - "$WORK/single.jsonl" "$WORK/warm.jsonl" "$WORK/concurrent.jsonl" "$WORK/camera.log" <<'PY' || status=$?
import json, re, sys
from datetime import datetime

def millis(stamp):
    t = datetime.strptime(stamp, "%H:%M:%S.%f")
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1000 + t.microsecond / 1000

# The camera's side of each session, in the order the camera admitted them: admission -> path
# fixed, admission -> first keyframe ready (for a viewer that made the stream watched).
sessions, order = {}, []
for line in open(sys.argv[4]):
    m = re.match(r"(\d\d:\d\d:\d\d\.\d{3}) .* admitted.*\(session (\d+)\)", line)
    if m:
        sessions[m[2]] = {"admitted": millis(m[1])}; order.append(m[2]); continue
    m = re.match(r"(\d\d:\d\d:\d\d\.\d{3}) .* session (\d+) live via", line)
    if m and m[2] in sessions and "live" not in sessions[m[2]]:
        sessions[m[2]]["live"] = millis(m[1]) - sessions[m[2]]["admitted"]; continue
    m = re.match(r"(\d\d:\d\d:\d\d\.\d{3}) .* main stream watched \(.*first keyframe", line)
    if m and order and "keyframe" not in sessions[order[-1]]:
        sessions[order[-1]]["keyframe"] = millis(m[1]) - sessions[order[-1]]["admitted"]
camera = [sessions[s] for s in order]

print("| run | path | paired | lookupMs | connectMs | pathMs | firstPacketMs | firstFrameMs | first frame's age ms | firstLiveFrameMs | camera: admitted → path / keyframe ms | first unit key | frames | fps | latency p50 ms | latency p95 ms | dropped | corrupt |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
cold, failures, seen = [], [], 0
for label, path in (("single", sys.argv[1]), ("warm process", sys.argv[2]), ("4 at once", sys.argv[3])):
    for i, line in enumerate(open(path)):
        d = json.loads(line)
        if "error" in d:
            failures.append(f"{label} {i+1}: {d['error']}: {d['message']}")
            print(f"| {label} {i+1} | {d['error']}: {d['message']} |"); continue
        side = camera[seen] if label != "4 at once" and seen < len(camera) else {}
        seen += 1
        cam = f"{side.get('live', '–'):.0f} / {side['keyframe']:.0f}" if "keyframe" in side and "live" in side else "–"
        if label == "single" or (label == "warm process" and i == 0):
            cold.append(d["firstFrameMs"])
        print(f"| {label} {i+1} | {d['path']} | {d['paired']} | {d['lookupMs']} | {d['connectMs']} | {d['pathMs']} | {d['firstPacketMs']} | {d['firstFrameMs']} | {d.get('firstFrameAgeMs')} | {d.get('firstLiveFrameMs')} | {cam} | {d['firstUnitKeyframe']} | {d['frames']} | {d['fps']} | {d['latencyMsP50']} | {d['latencyMsP95']} | {d['droppedFrames']} | {d['corruptFrames']} |")
if cold:
    s = sorted(cold)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))]
    print(f"\ncold probes (the singles and the warm process's first connection): {len(s)}, first frame ≤ 150 ms: "
          f"{sum(v <= 150 for v in s)}; p50 {pick(0.5)} ms, p90 {pick(0.9)} ms, max {s[-1]} ms")
if failures:
    print(f"\n{len(failures)} probe(s) failed:")
    for f in failures:
        print("  " + f)
    sys.exit(1)
PY
echo
echo "camera: each first viewer's keyframe (a standby one kept while nobody watched, or encoded when it came)"
grep "stream watched" "$WORK/camera.log" | sed 's/.*INFO *[^ ]* *- *//' || true
exit $status
