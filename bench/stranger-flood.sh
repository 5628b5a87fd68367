#!/usr/bin/env bash
# A paired viewer under a stranger flood (issue 12's acceptance; docs/BENCHMARKS.md, "A paired
# viewer while strangers knock"): cloud + one synthetic 1280x720@30 camera on loopback; a probe
# pairs once (--key-directory), then watches SECONDS twice by its key alone: once in quiet, once
# while `cloud-loadgen strangers` sends RATE connect attempts a second (a new key and a wrong
# password each, from 10 loopback addresses, so the cloud's per-camera connect cap is what limits
# them). The paired probe presents the cloud pass the camera gave it when it paired (PROTOCOL.md
# §5.3). Prints both probe lines, the flood's tally, what the cloud forwarded, its pass verdicts,
# and the camera's CPU.
#   bench/stranger-flood.sh [seconds=30] [rate=200]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_MEASURED=${1:-30}
RATE=${2:-200}
UDP=${P2PCAM_BENCH_UDP_PORT:-42700}
HTTP=$((UDP + 80))
./p2pcam build >/dev/null
. bench/lib.sh
start_cloud_and_camera "$UDP" "$HTTP"
FRAMES=$((SECONDS_MEASURED * 30))
TICKS=$(getconf CLK_TCK)

probe() {
  "$JAVA" -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$ID" \
    --key-directory "$WORK/viewer" "$@"
}
camera_ticks() { awk '{print $14 + $15}' "/proc/$CAMERA_PID/stat"; }
forwarded() {
  curl -s "http://127.0.0.1:$HTTP/metrics" | awk '/^p2pcam_connect_requests_total\{outcome="forwarded"\}/ {print $2}'
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "## pairing (password once)"
probe --frames 30 --timeout 20 | tee "$WORK/pair.json"
grep -q '"paired":true' "$WORK/pair.json" || { echo "the probe did not pair"; exit 1; }

watch() { # LABEL: the paired probe, by key alone, for SECONDS; the camera's CPU meanwhile
  local label=$1 c0 c1 t0 t1 f0 f1
  c0=$(camera_ticks); t0=$(date +%s.%N); f0=$(forwarded)
  P2PCAM_PASSWORD="" probe --frames "$FRAMES" --timeout $((SECONDS_MEASURED + 30)) | tee "$WORK/$label.json"
  c1=$(camera_ticks); t1=$(date +%s.%N); f1=$(forwarded)
  python3 - "$label" "$c0" "$c1" "$t0" "$t1" "$TICKS" "${f0:-0}" "${f1:-0}" <<'PY'
import sys
label, c0, c1, t0, t1, ticks, f0, f1 = sys.argv[1:]
secs = float(t1) - float(t0)
cpu = (float(c1) - float(c0)) / float(ticks) / secs
fwd = (float(f1) - float(f0)) / secs
print(f"{label}: camera CPU {cpu * 100:.1f} % of a core over {secs:.1f} s; cloud forwarded {fwd:.1f} connect requests/s")
PY
}

echo "## quiet: the paired viewer alone"
watch quiet
echo "## flood: strangers at $RATE attempts/s"
"$JAVA" -jar cloud-loadgen/target/cloud-loadgen.jar strangers --cloud "127.0.0.1:$UDP" --camera "$ID" \
  --rate "$RATE" --sources 10 --duration $((SECONDS_MEASURED + 15)) >"$WORK/strangers.json" &
FLOOD=$!
sleep 3 # the flood is at full rate before the measured watch starts
watch flood
wait "$FLOOD"
echo "strangers: $(cat "$WORK/strangers.json")"
echo "cloud passes: $(curl -s "http://127.0.0.1:$HTTP/metrics" | awk '/^p2pcam_connect_passes_total/ {printf "%s ", $0}')"
grep -c "viewer refused\|refused" "$WORK/camera.log" | sed 's/^/camera log lines about refusals: /' || true
