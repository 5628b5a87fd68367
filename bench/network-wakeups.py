#!/usr/bin/env python3
"""What the sound costs the network threads, wake-up by wake-up (issue 15).

A cloud and two synthetic 1280x720@30 cameras (one with its sound, one --no-audio) and a probe
watching each, on loopback. Once the probes started their clocks (and SETTLE seconds more), over a
WINDOW of seconds: per thread (the cameras' and probes' network threads, the camera's audio loop,
the probes' players) its CPU (schedstat, ns), its voluntary context switches (each one a sleep and
a wake-up) and involuntary ones (preempted), and the CPU per wake-up. Then, STRACE seconds per
network thread, one after the other: `strace -c` of that thread (its syscalls by name; strace
slows the thread, so read counts, not times).

  bench/network-wakeups.py [udp_port=44921] [window=30] [strace=8]

Environment: CAMERA_UP (seconds the cameras run before the probes start, default 30), SETTLE
(default 8), JAVA_OPTS (for cameras and probes), HOLD (seconds to wait before the window, the
threads' ids written to $WORK/threads.txt meanwhile: for JFR, perf or strace by hand).
Needs the jars (mvn -o package -DskipTests) and strace.
"""
import os
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
udp = int(sys.argv[1]) if len(sys.argv) > 1 else 44921
window = float(sys.argv[2]) if len(sys.argv) > 2 else 30
strace_s = float(sys.argv[3]) if len(sys.argv) > 3 else 8
hold = float(os.environ.get("HOLD", "0"))
java = subprocess.check_output(["bash", "-c", ". scripts/lib.sh && find_java25"], cwd=root, text=True).strip()
java_opts = os.environ.get("JAVA_OPTS", "").split()
work = tempfile.mkdtemp(prefix="network-wakeups-")
with open(f"{work}/password", "w") as f:
    f.write("bench-camera-passphrase\n")
env = dict(os.environ, P2PCAM_PASSWORD="bench-camera-passphrase", P2PCAM_LOG_LEVEL="INFO")
procs = []


def spawn(args, log):
    p = subprocess.Popen(args, stdout=open(f"{work}/{log}.out", "w"), stderr=open(f"{work}/{log}.log", "w"), env=env, cwd=root)
    procs.append(p)
    return p


def wait_for(path, text, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if os.path.exists(path) and text in open(path).read():
            return
        time.sleep(0.2)
    raise SystemExit(f"no '{text}' in {path} after {seconds} s")


def thread(pid, prefix):
    for tid in os.listdir(f"/proc/{pid}/task"):
        if open(f"/proc/{pid}/task/{tid}/comm").read().startswith(prefix):
            return tid
    raise SystemExit(f"no thread '{prefix}' in process {pid}")


def snapshot(threads):
    out = {}
    for label, (pid, tid) in threads.items():
        run_ns = int(open(f"/proc/{pid}/task/{tid}/schedstat").read().split()[0])
        status = dict(line.split(":\t") for line in open(f"/proc/{pid}/task/{tid}/status").read().splitlines() if ":\t" in line)
        out[label] = (run_ns, int(status["voluntary_ctxt_switches"]), int(status["nonvoluntary_ctxt_switches"]))
    return out, time.time()


try:
    print(f"machine: {os.cpu_count()} cores, load {' '.join(open('/proc/loadavg').read().split()[:3])}")
    spawn([java, "-jar", "cloud-server/target/cloud-server.jar", "--udp-port", str(udp), "--http-port", str(udp + 80)], "cloud")
    cameras = {}
    for name, extra in (("sound", []), ("mute", ["--no-audio"])):
        p = spawn([java, *java_opts, "-jar", "camera-emulator/target/camera-emulator.jar", "run", "--state-dir", f"{work}/{name}",
                   "--cloud", f"127.0.0.1:{udp}", "--password-file", f"{work}/password", "--source", "synthetic",
                   "--size", "1280x720", "--fps", "30", *extra], f"camera-{name}")
        wait_for(f"{work}/camera-{name}.log", "registered with the cloud", 90)
        camera_id = subprocess.check_output([java, "-jar", "camera-emulator/target/camera-emulator.jar", "id", "--state-dir", f"{work}/{name}"],
                                            cwd=root, text=True).strip()
        cameras[name] = (p, camera_id)
    time.sleep(float(os.environ.get("CAMERA_UP", "30")))
    seconds = int(window + 4 * strace_s + hold + 60)
    probes = {name: spawn([java, *java_opts, "-jar", "viewer-desktop/target/viewer-desktop.jar", "probe", "--cloud", f"127.0.0.1:{udp}",
                           "--camera", cameras[name][1], "--frames", str(seconds * 30), "--timeout", str(seconds + 60)], f"probe-{name}")
              for name in ("sound", "mute")}
    for name in probes:
        wait_for(f"{work}/probe-{name}.log", "the clock starts", 90)
    time.sleep(float(os.environ.get("SETTLE", "8")))
    threads = {}
    for name in ("sound", "mute"):
        threads[f"camera {name} network"] = (cameras[name][0].pid, thread(cameras[name][0].pid, "camera network"))
        threads[f"probe {name} network"] = (probes[name].pid, thread(probes[name].pid, "net "))
    threads["camera sound audio-loop"] = (cameras["sound"][0].pid, thread(cameras["sound"][0].pid, "audio-loop"))
    for name in ("sound", "mute"):
        threads[f"probe {name} audio-player"] = (probes[name].pid, thread(probes[name].pid, "audio-player"))
    if hold:
        with open(f"{work}/threads.txt", "w") as f:
            f.writelines(f"{label}\t{pid}\t{tid}\n" for label, (pid, tid) in threads.items())
        print(f"threads in {work}/threads.txt; the window starts in {hold:.0f} s", flush=True)
        time.sleep(hold)
    before, t0 = snapshot(threads)
    time.sleep(window)
    after, t1 = snapshot(threads)
    s = t1 - t0
    print(f"over {s:.1f} s (load {' '.join(open('/proc/loadavg').read().split()[:3])}): CPU % of a core, wake-ups (voluntary switches) and preemptions a second, CPU per wake-up")
    for label in threads:
        run, vol, invol = (a - b for a, b in zip(after[label], before[label]))
        print(f"  {label:26s} {100 * run / 1e9 / s:5.2f} %  {vol / s:6.1f} wake-ups/s  {invol / s:5.1f} preempted/s  {run / 1e3 / max(1, vol):6.1f} us/wake-up")
    if strace_s > 0:
        for label in [label for label in threads if label.endswith("network")]:
            pid, tid = threads[label]
            out = f"{work}/strace-{label.replace(' ', '-')}"
            tracer = subprocess.Popen(["strace", "-c", "-o", out, "-p", tid], stderr=subprocess.DEVNULL)
            time.sleep(strace_s)
            tracer.send_signal(2)
            tracer.wait()
            print(f"{label}: syscalls a second over {strace_s:.0f} s of strace -c (errors: EAGAIN, ETIMEDOUT)")
            for line in open(out).read().splitlines()[2:]:
                fields = line.split()
                if len(fields) >= 5 and fields[-1] != "total" and not line.startswith("-"):
                    errors = int(fields[4]) if len(fields) == 6 else 0
                    print(f"  {fields[-1]:12s} {int(fields[3]) / strace_s:7.1f}/s" + (f"  ({errors / strace_s:.1f}/s failed)" if errors else ""))
finally:
    for p in reversed(procs):
        p.terminate()
    for p in procs:
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
    subprocess.run(["rm", "-rf", work])
