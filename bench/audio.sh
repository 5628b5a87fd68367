#!/usr/bin/env bash
# Sound benchmark (issue 15): cloud + emulated camera (synthetic 1280x720 at 30 fps with its
# timing-marked sound) + probe on loopback. Per scenario: capture-to-playback latency of the sound
# (from the marks), A/V offset, lost/concealed frames and the longest loss heard; then the CPU the
# sound adds to the camera (a second camera with --no-audio, same probe). Loss is injected by the
# user-space network simulator (probe --impair, both directions of the probe's socket; no netem).
# Talkback too: probe --talk-synthetic talks the timing-marked tone to the camera, whose speaker
# writes a WAV (run --speaker-file); the camera logs each talk spurt's capture-to-speaker latency.
# P2PCAM_BENCH_AUDIO_TRACE=DIR keeps each camera-to-viewer run's probe --audio-trace there (every
# frame's playout delay and slot kind, every mark's latency).
#   bench/audio.sh [frames=450] [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
FRAMES=${1:-450}
RUNS=${2:-3}
UDP=${P2PCAM_BENCH_UDP_PORT:-42500}
HTTP=$((UDP + 80))
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests >&2   # reactor build, nothing installed into ~/.m2
. bench/lib.sh
CAMERA_ARGS="--speaker-file $WORK/speaker.wav"
start_cloud_and_camera "$UDP" "$HTTP"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
probe() { # camera-id impair-spec [more probe options]
  "$JAVA" -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$1" \
    --frames "$FRAMES" --timeout 90 --impair "$2" "${@:3}"
}

SCENARIOS=(
  "clean|loss=0"
  "5% random loss both ways|loss=0.05"
)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
for scenario in "${SCENARIOS[@]}"; do
  name=${scenario%%|*}; spec=${scenario#*|}
  for run in $(seq "$RUNS"); do
    trace=()
    [ -z "${P2PCAM_BENCH_AUDIO_TRACE:-}" ] || trace=(--audio-trace "$P2PCAM_BENCH_AUDIO_TRACE/${spec}-seed$run-$(date +%H%M%S).trace")
    probe "$ID" "$spec,seed=$run" "${trace[@]}" \
      | python3 -c 'import json,sys; d=json.loads(sys.stdin.read()); d["scenario"]=sys.argv[1]; print(json.dumps(d))' "$name" \
      | tee -a "$WORK/runs.jsonl"
  done
done

# Talkback: the probe talks while it watches; the camera logs the spurt when the talk stops.
for scenario in "${SCENARIOS[@]}"; do
  name=${scenario%%|*}; spec=${scenario#*|}
  for run in $(seq "$RUNS"); do
    spurts=$(grep -c "talkback from session" "$WORK/camera.log" || true)
    talk=$(probe "$ID" "$spec,seed=$run" --talk-synthetic)
    sleep 1 # the camera ends (and logs) a spurt 500 ms after the last talk packet (Speaker.SPURT_END_MILLIS)
    # Every spurt of this run (a loaded machine can hold packets back past the 200 ms that end one).
    lines=$(grep "talkback from session" "$WORK/camera.log" | tail -n +$((spurts + 1)) || true)
    python3 -c 'import json,re,sys; d=json.loads(sys.argv[1])
s=[re.search(r"(\d+) frames played .*?, (\d+) lost, (\d+) late, (\d+) ms concealed; .*p50 (-?\d+) ms, p95 (-?\d+) ms", l) for l in sys.argv[2].splitlines()]
s=[[int(g) for g in m.groups()] for m in s if m]
n=sum(x[0] for x in s)
print(json.dumps({"scenario": sys.argv[3], "impair": d.get("impair"), "talkFrames": d.get("talkFrames"), "spurts": len(s), "played": n, "lost": sum(x[1] for x in s), "late": sum(x[2] for x in s), "concealedMs": sum(x[3] for x in s), "p50": round(sum(x[0]*x[4] for x in s)/n) if n else None, "p95": max((x[5] for x in s), default=None)}) if s else json.dumps({"scenario": sys.argv[3], "error": d.get("message", "no talk spurt logged")}))' \
      "$talk" "$lines" "$name" | tee -a "$WORK/talk.jsonl"
  done
done

# CPU added by the sound: the camera's CPU time over the same probe, with and without sound.
"$JAVA" -jar camera-emulator/target/camera-emulator.jar run --state-dir "$WORK/quiet" --cloud "127.0.0.1:$UDP" \
  --password-file "$WORK/password" --source synthetic --size 1280x720 --fps 30 --no-audio >"$WORK/quiet.log" 2>&1 &
QUIET_PID=$!
trap 'kill "$QUIET_PID" 2>/dev/null || true; cleanup' EXIT
for _ in $(seq 50); do grep -q "registered with the cloud" "$WORK/quiet.log" && break; sleep 0.2; done
QUIET_ID=$("$JAVA" -jar camera-emulator/target/camera-emulator.jar id --state-dir "$WORK/quiet")
HZ=$(getconf CLK_TCK)
for pair in "with sound|$CAMERA_PID|$ID" "without sound|$QUIET_PID|$QUIET_ID"; do
  IFS='|' read -r label pid id <<<"$pair"
  before=$(cpu_ticks "$pid"); start=$(date +%s.%N)
  probe "$id" "loss=0" >/dev/null
  after=$(cpu_ticks "$pid"); end=$(date +%s.%N)
  python3 -c 'import sys; t=(int(sys.argv[2])-int(sys.argv[1]))/int(sys.argv[3]); s=float(sys.argv[5])-float(sys.argv[4]); print(f"camera CPU {sys.argv[6]}: {100*t/s:.1f} % of one core over {s:.1f} s")' \
    "$before" "$after" "$HZ" "$start" "$end" "$label" | tee -a "$WORK/cpu.txt"
done

echo
echo "| scenario | run | audio frames | lost / recovered (FEC) / late | concealed ms | longest loss ms | marks (after a loss) (error p50 ms) | capture→playback p50 / p95 ms | A/V offset p50 ms | video latency p50 / p95 ms (to decoded) | lip-sync hold p50 ms | fps |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
python3 - "$WORK/runs.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if "error" in d:
        print(f"| {d['scenario']} | – | {d['error']}: {d['message']} |||||||||"); continue
    print(f"| {d['scenario']} | {d.get('impair','')} | {d.get('audioFrames')} | {d.get('audioLostFrames')} / {d.get('audioRecoveredFrames')} / {d.get('audioLateFrames')} "
          f"| {d.get('audioConcealedMs')} | {d.get('audioMaxLossMs')} | {d.get('audioMarks')} ({d.get('audioMarksAfterLoss')}) ({d.get('audioMarkErrorMsP50')}) "
          f"| {d.get('audioLatencyMsP50')} / {d.get('audioLatencyMsP95')} | {d.get('avOffsetMsP50')} | {d.get('latencyMsP50')} / {d.get('latencyMsP95')} "
          f"| {d.get('lipSyncHoldMsP50')} | {d.get('fps')} |")
PY
echo
echo "Talkback (probe --talk-synthetic -> camera --speaker-file), from the camera's spurt log (all spurts of a run;"
echo "p50 = the spurts' p50s weighted by frames, p95 = the largest spurt p95):"
echo "| scenario | run | frames said | spurts | played | lost / late | concealed ms | capture→speaker p50 / p95 ms |"
echo "|---|---|---|---|---|---|---|---|"
python3 - "$WORK/talk.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    d = json.loads(line)
    if "error" in d:
        print(f"| {d['scenario']} | – | {d['error']} ||||||"); continue
    print(f"| {d['scenario']} | {d['impair']} | {d['talkFrames']} | {d['spurts']} | {d['played']} | {d['lost']} / {d['late']} | {d['concealedMs']} | {d['p50']} / {d['p95']} |")
PY
cat "$WORK/cpu.txt"
