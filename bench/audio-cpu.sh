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
# The window may be a comma list of its ends, seconds after its start ("60,120": the first minute
# and the first two minutes of the same run, each from the same start), one row per end; with
# P2PCAM_BENCH_WARM=0 it starts as the probes' JVMs start, so a probe's figure includes its whole
# start-up (the JVM, EngineWarmUp, connecting) as a user's viewer pays it. Each row also gives each
# process's CPU since it started ("life": start-up included, the cameras' too).
# P2PCAM_BENCH_CAMERA_UP=SECONDS: start the probes only once the cameras have run that long, as
# a viewer usually finds a camera that has been up a while (its own start-up, the JIT compiling its
# encoders, is then outside the window); by default the probes start as soon as both registered.
# P2PCAM_BENCH_PROBE_ARGS: more options for both probes.
# P2PCAM_BENCH_SOUND_ARGS: more run options for the camera with sound ("--audio-band full").
# P2PCAM_PROBE_JAVA_OPTS: JVM options for the probes, for instance the viewer's AOT cache as the
# desktop app starts with it (-XX:AOTCache=viewer-desktop/target/viewer-desktop.aot).
# P2PCAM_BENCH_THREADS=1 also prints, per run, where each process's CPU went over the window: its
# threads' CPU time by name (a trailing number folded: "GC Thread#0" and "#1" are one line), every
# thread that ran, and per name the process with sound minus the one without.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
WINDOW=${2:-12}
IFS=, read -r -a MARKS <<<"$WINDOW"
LAST=${MARKS[-1]}
WARM=${P2PCAM_BENCH_WARM:-8} # or "session": from when both probes have warmed up and start their clocks
UDP=${P2PCAM_BENCH_UDP_PORT:-42600}
HTTP=$((UDP + 80))
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests >&2
. bench/lib.sh
"$JAVA" -jar cloud-server/target/cloud-server.jar --udp-port "$UDP" --http-port "$HTTP" >"$WORK/cloud.log" 2>&1 &
CLOUD_PID=$!
trap 'kill "${PROBE_A:-}" "${PROBE_B:-}" "${CAMERA_A:-}" "${CAMERA_B:-}" 2>/dev/null || true; cleanup' EXIT
HZ=$(getconf CLK_TCK)
SETTLE=$([ "$WARM" = session ] && echo 8 || echo "$WARM") # the probes' JVM and warm-up take a few seconds
FRAMES=$(( (SETTLE + LAST + 6) * 30 ))
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
age() { # pid -> seconds since the process started (field 22 of /proc/PID/stat, in ticks since boot)
  python3 -c "import sys; print(float(open('/proc/uptime').read().split()[0]) - int(open(f'/proc/{sys.argv[1]}/stat').read().rsplit(')', 1)[1].split()[19]) / $HZ)" "$1"
}
thread_sampler() { # t0 marks pids...: each thread's CPU ticks, by name (a trailing number folded), at t0 in
  # $WORK/threads-PID-0 and at t0 + each mark in $WORK/threads-PID-MARK. Read every 0.2 s, so that a thread
  # that ends inside the window (a connection's helper) still counts, with what it had spent 0.2 s before.
  python3 - "$WORK" "$@" <<'PY'
import os, re, sys, time
work, t0, marks, pids = sys.argv[1], float(sys.argv[2]), [int(m) for m in sys.argv[3].split(",")], sys.argv[4:]
seen = {pid: {} for pid in pids}  # tid -> [name, ticks]
def sample():
    for pid in pids:
        try:
            tids = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue  # the process ended
        for tid in tids:
            try:
                name = re.sub(r"[0-9]*$", "", open(f"/proc/{pid}/task/{tid}/comm").read().rstrip("\n"))
                fields = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended between the listing and the read
            seen[pid][tid] = [name, int(fields[11]) + int(fields[12])]
def dump(suffix):
    for pid in pids:
        with open(f"{work}/threads-{pid}-{suffix}.part", "w") as out:
            for name, ticks in seen[pid].values():
                out.write(f"{name}\t{ticks}\n")
        os.rename(f"{work}/threads-{pid}-{suffix}.part", f"{work}/threads-{pid}-{suffix}")
sample(); dump(0)
seen = {pid: {} for pid in pids}; sample()  # from here on, every thread that runs in the window
for mark in marks:
    while time.time() < t0 + mark:
        time.sleep(min(0.2, max(0, t0 + mark - time.time())))
        sample()
    dump(mark)
PY
}
wait_for_threads() { # mark pids...: until the sampler wrote their files
  for pid in "${@:2}"; do
    for _ in $(seq 100); do [ -e "$WORK/threads-$pid-$1" ] && break; sleep 0.1; done
  done
}
thread_table() { # label pid seconds mark: the threads' CPU over the window to that mark, % of a core, largest first
  python3 - "$1" "$WORK/threads-$2-0" "$WORK/threads-$2-$4" "$3" "$HZ" <<'PY'
import collections, re, sys
label, before, after, seconds, hz = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
def load(path):  # a camera's id in a thread's name ("decode 67NQP-HC") folded, so that both probes' compare
    total = collections.Counter()
    for line in open(path):
        name, ticks = line.rstrip("\n").split("\t")
        total[re.sub(r"\b[0-9A-Z]{5}-[0-9A-Z-]*", "CAMERA", name).strip()] += int(ticks)
    return total
delta = load(after); delta.subtract(load(before))
rows = sorted(((v, k) for k, v in delta.items() if 100 * v / hz / seconds >= 0.05), reverse=True)
print(f"  {label}: " + ", ".join(f"{k.strip()} {100 * v / hz / seconds:.1f}" for v, k in rows))
PY
}
thread_difference() { # label pid-with pid-without seconds mark: per thread name, with minus without, largest first
  python3 - "$1" "$WORK/threads-$2-0" "$WORK/threads-$2-$5" "$WORK/threads-$3-0" "$WORK/threads-$3-$5" "$4" "$HZ" <<'PY'
import collections, re, sys
label, seconds, hz = sys.argv[1], float(sys.argv[6]), int(sys.argv[7])
def load(path):
    total = collections.Counter()
    for line in open(path):
        name, ticks = line.rstrip("\n").split("\t")
        total[re.sub(r"\b[0-9A-Z]{5}-[0-9A-Z-]*", "CAMERA", name).strip()] += int(ticks)
    return total
def over_window(before, after):
    delta = load(after); delta.subtract(load(before)); return delta
with_sound, without = over_window(sys.argv[2], sys.argv[3]), over_window(sys.argv[4], sys.argv[5])
names = set(with_sound) | set(without)
rows = sorted(((with_sound[n] - without[n], n) for n in names if with_sound[n] or without[n]), key=lambda r: -abs(r[0]))
total = sum(d for d, _ in rows)
print(f"  {label} ({100 * total / hz / seconds:+.1f}): " + ", ".join(f"{n} {100 * d / hz / seconds:+.1f}" for d, n in rows if abs(100 * d / hz / seconds) >= 0.05))
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
# shellcheck disable=SC2086 # the options are words
start_camera sound ${P2PCAM_BENCH_SOUND_ARGS:-}; CAMERA_A=$CAMERA_PID; ID_A=$ID
start_camera mute --no-audio; CAMERA_B=$CAMERA_PID; ID_B=$ID
sleep "$(python3 -c "print(max(0, ${P2PCAM_BENCH_CAMERA_UP:-0} - $(age "$CAMERA_B")))")"
probe() { # camera-id output-name; run in the background: exec, so that $! is the probe's JVM itself
  # shellcheck disable=SC2086 # the options are words
  P2PCAM_LOG_LEVEL=INFO exec "$JAVA" ${P2PCAM_PROBE_JAVA_OPTS:-} -jar viewer-desktop/target/viewer-desktop.jar probe --cloud "127.0.0.1:$UDP" --camera "$1" \
    --frames "$FRAMES" --timeout $((SETTLE + LAST + 60)) ${P2PCAM_BENCH_PROBE_ARGS:-} >"$WORK/$2.json" 2>"$WORK/$2.log"
}
for run in $(seq "$RUNS"); do
  probe "$ID_A" "probe-a" & PROBE_A=$!
  probe "$ID_B" "probe-b" & PROBE_B=$!
  if [ "$WARM" = session ]; then
    for _ in $(seq 600); do
      grep -q "the clock starts" "$WORK/probe-a.log" && grep -q "the clock starts" "$WORK/probe-b.log" && break; sleep 0.1
    done
  else
    sleep "$WARM"
  fi
  a0=$(ticks "$CAMERA_A"); b0=$(ticks "$CAMERA_B"); pa0=$(ticks "$PROBE_A"); pb0=$(ticks "$PROBE_B"); t0=$(date +%s.%N)
  if [ -n "${P2PCAM_BENCH_THREADS:-}" ]; then
    rm -f "$WORK"/threads-*
    thread_sampler "$t0" "$WINDOW" "$CAMERA_A" "$CAMERA_B" "$PROBE_A" "$PROBE_B" &
  fi
  samples=()
  for mark in "${MARKS[@]}"; do
    sleep "$(python3 -c "print(max(0, $t0 + $mark - $(date +%s.%N)))")"
    sample="$mark $(ticks "$CAMERA_A") $(ticks "$CAMERA_B") $(ticks "$PROBE_A") $(ticks "$PROBE_B") $(date +%s.%N)"
    sample+=" $(age "$CAMERA_A") $(age "$CAMERA_B") $(age "$PROBE_A") $(age "$PROBE_B")"
    samples+=("$sample")
    if [ -n "${P2PCAM_BENCH_THREADS:-}" ]; then # each window's own threads, from the same start
      wait_for_threads "$mark" "$CAMERA_A" "$CAMERA_B" "$PROBE_A" "$PROBE_B"
      seconds=$(python3 -c "print($(date +%s.%N) - $t0)")
      echo "run $run, threads' CPU over the window's first $mark s (% of a core):"
      thread_table "camera with sound" "$CAMERA_A" "$seconds" "$mark"; thread_table "camera without" "$CAMERA_B" "$seconds" "$mark"
      thread_table "probe with sound" "$PROBE_A" "$seconds" "$mark"; thread_table "probe without" "$PROBE_B" "$seconds" "$mark"
      thread_difference "camera, sound minus mute" "$CAMERA_A" "$CAMERA_B" "$seconds" "$mark"
      thread_difference "probe, sound minus mute" "$PROBE_A" "$PROBE_B" "$seconds" "$mark"
    fi
  done
  wait "$PROBE_A" || { echo "probe (sound) failed:"; cat "$WORK/probe-a.json" "$WORK/probe-a.log"; exit 1; }
  wait "$PROBE_B" || { echo "probe (no sound) failed:"; cat "$WORK/probe-b.json" "$WORK/probe-b.log"; exit 1; }
  for sample in "${samples[@]}"; do
    # shellcheck disable=SC2086 # the sample is words
    python3 - "$run" "$t0" "$HZ" "$a0 $b0 $pa0 $pb0" $sample "$WORK/probe-a.json" "$WORK/probe-b.json" <<'PY' | tee -a "$WORK/cpu.jsonl"
import json, sys
run, t0, hz, start = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), [int(x) for x in sys.argv[4].split()]
mark = int(sys.argv[5])
end = [int(x) for x in sys.argv[6:10]]
t1 = float(sys.argv[10])
ages = [float(x) for x in sys.argv[11:15]]
probes = sys.argv[15:17]
s = t1 - t0
pct = lambda i: round(100 * (end[i] - start[i]) / hz / s, 1)
life = lambda i: round(100 * end[i] / hz / ages[i], 1)
out = {"run": int(run), "window": mark, "seconds": round(s, 2)}
for label, camera, probe, path in (("sound", 0, 2, probes[0]), ("mute", 1, 3, probes[1])):
    d = json.load(open(path))
    out[label] = {"camera": pct(camera), "probe": pct(probe), "fps": d.get("fps"), "audioFrames": d.get("audioFrames"),
                  "cameraLife": life(camera), "probeLife": life(probe),
                  "cameraAge": round(ages[camera]), "probeAge": round(ages[probe])}
    out[label]["session"] = round(out[label]["camera"] + out[label]["probe"], 1)
print(json.dumps(out))
PY
  done
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$WORK/cpu.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print("| run | window s | with sound: camera / probe / session % of a core | without: camera / probe / session | fps with / without | sound adds (points, % of the session) | since each process started (camera age s): camera with / without, probe with / without |")
print("|---|---|---|---|---|---|---|")
added = {}
for r in rows:
    a, b = r["sound"], r["mute"]
    d = a["session"] - b["session"]
    added.setdefault(r["window"], []).append(d)
    print(f"| {r['run']} | {r['seconds']} | {a['camera']} / {a['probe']} / {a['session']} | {b['camera']} / {b['probe']} / {b['session']} "
          f"| {a['fps']} / {b['fps']} | {d:+.1f}, {100 * d / b['session']:+.1f} % "
          f"| {a['cameraLife']} / {b['cameraLife']} ({a['cameraAge']} s), {a['probeLife']} / {b['probeLife']} |")
for window, points in sorted(added.items()):
    print(f"over {window} s the sound adds {statistics.median(points):+.1f} points of a core (median of {len(points)} runs)")
PY
