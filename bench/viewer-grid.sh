#!/usr/bin/env bash
# Viewer grid benchmark (issue 4): a cloud, N emulated 720p30 cameras (sharing one encoder) and
# the desktop app showing all N in one grid, in one JVM, on a real X display (Xvfb if there is
# none). Prints one JSON line of figures and a Markdown row for docs/BENCHMARKS.md.
#   bench/viewer-grid.sh [cameras=16] [warm-up s=10] [measured s=30] [size=1280x720] [screenshot.png]
# SUB_SIZE=640x360 (the default) gives the cameras a sub-stream that small tiles ask for; SUB_SIZE=off for none.
set -euo pipefail
cd "$(dirname "$0")/.."
CAMERAS=${1:-16}
WARMUP=${2:-10}
SECONDS_MEASURED=${3:-30}
SIZE=${4:-1280x720}
SCREENSHOT=${5:-}
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || { echo "no Java 25 found (P2PCAM_JDK, P2PCAM_JAVA, JAVA_HOME, /usr/lib/jvm)" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "bench: needs Xvfb (apt-get install xvfb libgtk-3-0)" >&2; exit 1; }

mvn -B -ntp -q test-compile -pl system-tests -am >/dev/null || { echo "bench: build failed (mvn test-compile -pl system-tests -am)" >&2; exit 1; }
CP_FILE=$(mktemp)
mvn -B -ntp -q dependency:build-classpath -pl system-tests -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="system-tests/target/test-classes:system-tests/target/classes:$(cat "$CP_FILE")"
for module in shared-protocol endpoint-runtime cloud-server camera-emulator viewer-desktop; do
  CP="$module/target/classes:$CP"
done
rm -f "$CP_FILE"

XVFB_PID=""
if [ -z "${DISPLAY:-}" ]; then
  export DISPLAY=:$((90 + RANDOM % 9))
  Xvfb "$DISPLAY" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  sleep 1
fi
trap '[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true' EXIT

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)" >&2
# JavaFX's software renderer by default: on Xvfb it is what reaches the screen. PRISM=es2 takes
# OpenGL through Mesa's llvmpipe instead (prism.forceGPU: JavaFX refuses a software OpenGL unless
# told); on Xvfb its pictures do not reach the X screen (screenshots come out black), so its
# figures are rendering cost only. On a desktop with a GPU JavaFX picks ES2 by itself.
PRISM_FLAGS=(-Dprism.order=sw)
[ "${PRISM:-}" = es2 ] && PRISM_FLAGS=(-Dprism.forceGPU=true)
LINE=$("$JAVA" --enable-native-access=ALL-UNNAMED -Xmx2g "${PRISM_FLAGS[@]}" ${BENCH_JAVA_OPTS:-} -Dbench.subSize="${SUB_SIZE:-640x360}" -cp "$CP" io.p2pcam.system.bench.GridBenchmark \
  "$CAMERAS" "$WARMUP" "$SECONDS_MEASURED" "$SIZE" ${SCREENSHOT:+"$SCREENSHOT"} 2> >(grep -v -e "^\[libopenh264" -e "Unsupported JavaFX" -e "PlatformImpl startup" >&2) | tail -n 1)
echo "$LINE"
python3 - "$LINE" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
print(f"sub-stream: {d.get('subSize')}, load average at the end {d.get('loadAverage')}")
print("| tiles | size | live | fps shown per tile mean / p5 / min | latency p50 / p95 ms | CPU (cores of 2) | heap max MB | GC pauses (count, max ms) | prism |")
print("|---|---|---|---|---|---|---|---|---|")
print(f"| {d['cameras']} | {d['size']} | {d['liveTiles']} | {d['fpsShownPerTileMean']} / {d['fpsShownPerTileP5']} / {d['fpsShownPerTileMin']} "
      f"| {d['latencyMsP50']:.0f} / {d['latencyMsP95']:.0f} | {d['cpuCoresUsed']} | {d['heapMaxUsedMB']:.0f} | {d['gcPauses']}, {d['gcPauseMsMax']} | {d['prism']} |")
PY
