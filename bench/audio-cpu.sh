#!/usr/bin/env bash
# CPU the sound adds to a 720p30 session (issue 15: "audio adds <= 5 % CPU"). A cloud and two
# synthetic 1280x720@30 cameras, one with its timing-marked sound and one with --no-audio; per run
# one probe watching each on loopback, both at once (the probe plays the sound: decode, jitter
# buffer, lip sync). The CPU time of the four processes (utime + stime from /proc/PID/stat) is read
# over the same window, WINDOW seconds from WARM seconds after the probes started (JVM start-up,
# connection and the first keyframe are outside it). Both sessions share the window because on this
# shared VM the CPU time the same work costs moves by up to 3x between minutes (other tenants; the
# guest sees no steal time): only figures from one window compare.
#   bench/audio-cpu.sh [runs=3] [window=12]
# P2PCAM_BENCH_THREADS=1 also prints, per run, where each process's CPU went over the window: its
# threads' CPU time by name (a trailing number folded: "GC Thread#0" and "#1" are one line).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
WINDOW=${2:-12}
WARM=${P2PCAM_BENCH_WARM:-8}
UDP=${P2PCAM_BENCH_UDP_PORT:-42600}
HTTP=$((UDP + 80))
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests >&2
. bench/lib.sh
"$JAVA" -jar cloud-server/target/cloud-server.jar --udp-port "$UDP" --http-port "$HTTP" >"$WORK/cloud.log" 2>&1 &
CLOUD_PID=$!
trap 'kill "${PROBE_A:-}" "${PROBE_B:-}" "${CAMERA_A:-}" "${CAMERA_B:-}" 2>/dev/null || true; cleanup' EXIT
HZ=$(getconf CLK_TCK)
FRAMES=$(( (WARM + WINDOW + 6) * 30 ))
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
threads() { # pid -> "name<TAB>ticks" per thread, in $WORK/threads-PID-SUFFIX
  for task in /proc/"$1"/task/*; do
    printf '%s\t%s\n' "$(sed 's/[0-9]*$//' "$task/comm")" "$(sed 's/.*) //' "$task/stat" | awk '{print $12 + $13}')"
  done 2>/dev/null >"$WORK/threads-$1-$2"
}
thread_table() { # label pid seconds: the threads' CPU over the window, % of a core, largest first
  python3 - "$1" "$WORK/threads-$2-0" "$WORK/threads-$2-1" "$3" "$HZ" <<'PY'
import collections, sys
label, before, after, seconds, hz = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
def load(path):
    total = collections.Counter()
    for line in open(path):
        name, ticks = line.rstrip("\n").split("\t")
        total[name] += int(ticks)
    return total
delta = load(after); delta.subtract(load(before))
rows = sorted(((v, k) for k, v in delta.items() if v > 0), reverse=True)
print(f"  {label}: " + ", ".join(f"{k.strip()} {100 * v / hz / seconds:.1f}" for v, k in rows[:8]))
PY
}

start_camera() { # state-dir [more run options]; sets CAMERA_PID and ID
  "$JAVA" -jar camera-emulator/target/camera-emulator.jar run --state-dir "$WORK/$1" --cloud "127.0.0.1:$UDP" \
    --password-file "$WORK/password" --source synthetic --size 1280x720 --fps 30 "${@:2}" >"$WORK/$1.log" 2>&1 &
  CAMERA_PID=$!
  for _ in $(seq 150); do grep -q "registered with the cloud" "$WORK/$1.log" && break; sleep 0.2; done
  grep -q "registered with the cloud" "$WORK/$1.log" || { echo "camera did not register:"; cat "$WORK/$1.log"; exit 1; }
  ID=$("$JAVA" -jar camera-emulator/target/camera-emulator.jar id --state-dir "$WORK/$1")
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
start_camera sound; CAMERA_A=$CAMERA_PID; ID_A=$ID
start_camera mute --no-audio; CAMERA_B=$CAMERA_PID; ID_B=$ID
probe() { # camera-id output-name; run in the background: exec, so that $! is the probe's JVM itself
  exec "$JAVA" -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$1" \
    --frames "$FRAMES" --timeout $((WARM + WINDOW + 60)) >"$WORK/$2.json" 2>"$WORK/$2.log"
}
for run in $(seq "$RUNS"); do
  probe "$ID_A" "probe-a" & PROBE_A=$!
  probe "$ID_B" "probe-b" & PROBE_B=$!
  sleep "$WARM"
  a0=$(ticks "$CAMERA_A"); b0=$(ticks "$CAMERA_B"); pa0=$(ticks "$PROBE_A"); pb0=$(ticks "$PROBE_B"); t0=$(date +%s.%N)
  if [ -n "${P2PCAM_BENCH_THREADS:-}" ]; then for pid in "$CAMERA_A" "$CAMERA_B" "$PROBE_A" "$PROBE_B"; do threads "$pid" 0; done; fi
  sleep "$WINDOW"
  a1=$(ticks "$CAMERA_A"); b1=$(ticks "$CAMERA_B"); pa1=$(ticks "$PROBE_A"); pb1=$(ticks "$PROBE_B"); t1=$(date +%s.%N)
  if [ -n "${P2PCAM_BENCH_THREADS:-}" ]; then
    for pid in "$CAMERA_A" "$CAMERA_B" "$PROBE_A" "$PROBE_B"; do threads "$pid" 1; done
    seconds=$(python3 -c "print($t1 - $t0)")
    echo "run $run, threads' CPU over the window (% of a core):"
    thread_table "camera with sound" "$CAMERA_A" "$seconds"; thread_table "camera without" "$CAMERA_B" "$seconds"
    thread_table "probe with sound" "$PROBE_A" "$seconds"; thread_table "probe without" "$PROBE_B" "$seconds"
  fi
  wait "$PROBE_A" || { echo "probe (sound) failed:"; cat "$WORK/probe-a.json" "$WORK/probe-a.log"; exit 1; }
  wait "$PROBE_B" || { echo "probe (no sound) failed:"; cat "$WORK/probe-b.json" "$WORK/probe-b.log"; exit 1; }
  python3 - "$run" "$t0" "$t1" "$HZ" "$a0" "$a1" "$pa0" "$pa1" "$WORK/probe-a.json" "$b0" "$b1" "$pb0" "$pb1" "$WORK/probe-b.json" <<'PY' | tee -a "$WORK/cpu.jsonl"
import json, sys
run, t0, t1, hz = sys.argv[1:5]
s = float(t1) - float(t0)
pct = lambda a, b: round(100 * (int(b) - int(a)) / int(hz) / s, 1)
out = {"run": int(run), "seconds": round(s, 2)}
for label, (c0, c1, p0, p1, probe) in (("sound", sys.argv[5:10]), ("mute", sys.argv[10:15])):
    d = json.load(open(probe))
    out[label] = {"camera": pct(c0, c1), "probe": pct(p0, p1), "fps": d.get("fps"), "audioFrames": d.get("audioFrames")}
    out[label]["session"] = round(out[label]["camera"] + out[label]["probe"], 1)
print(json.dumps(out))
PY
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK/cpu.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print("| run | with sound: camera / probe / session % of a core | without: camera / probe / session | fps with / without | sound adds (points, % of the session) |")
print("|---|---|---|---|---|")
added = []
for r in rows:
    a, b = r["sound"], r["mute"]
    d = a["session"] - b["session"]
    added.append(100 * d / b["session"])
    print(f"| {r['run']} | {a['camera']} / {a['probe']} / {a['session']} | {b['camera']} / {b['probe']} / {b['session']} "
          f"| {a['fps']} / {b['fps']} | {d:+.1f}, {100 * d / b['session']:+.1f} % |")
print(f"sound adds {statistics.median(added):+.1f} % to the session's CPU (median of {len(added)} runs)")
PY
