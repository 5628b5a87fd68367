#!/usr/bin/env bash
# The viewer's start-up seen from outside the process (issue 16 §2): starts the app on its own
# Xvfb display with the JDK 25 AOT cache trained as `./p2pcam viewer` trains it, polls the X server
# with xdotool until the window is mapped and visible, and prints that time, measured by this
# script from just before the launch, beside the app's own "window shown N ms after the process
# started" (its StartupTimeline, counted from the kernel's process start: decision 0032). The two
# agree when the app's clock is right; the polling itself costs some CPU, so the outside figure
# is an upper bound.
#   bench/viewer-window-seen.sh [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || ./p2pcam build >/dev/null
. scripts/lib.sh
JAVA=$(find_java25) || { echo "no Java 25 found" >&2; exit 1; }
for tool in Xvfb xdotool; do command -v "$tool" >/dev/null || { echo "needs $tool (sudo apt-get install xvfb xdotool)" >&2; exit 1; }; done
WORK=$(mktemp -d)
DISPLAY_NUMBER=${P2PCAM_BENCH_DISPLAY:-:77}
Xvfb "$DISPLAY_NUMBER" -screen 0 1280x1024x24 >/dev/null 2>&1 &
XVFB=$!
trap 'kill "$XVFB" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DISPLAY=$DISPLAY_NUMBER
until xdotool getdisplaygeometry >/dev/null 2>&1; do sleep 0.05; done
OPTS=(--enable-native-access=ALL-UNNAMED -Xlog:disable -Xlog:all=warning:stderr)
"$JAVA" "${OPTS[@]}" -XX:AOTCacheOutput="$WORK/viewer.aot" -jar viewer-desktop/target/viewer-desktop.jar --startup-check >/dev/null 2>&1
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
echo "| run | seen by xdotool, ms after the launch | the app's own figure |"
echo "|---|---|---|"
for run in $(seq "$RUNS"); do
  started=$(date +%s%N)
  "$JAVA" "${OPTS[@]}" -XX:AOTCache="$WORK/viewer.aot" -jar viewer-desktop/target/viewer-desktop.jar --startup-check \
    >"$WORK/out-$run" 2>"$WORK/err-$run" &
  app=$!
  seen=""
  while [ -z "$seen" ] && kill -0 "$app" 2>/dev/null; do
    xdotool search --onlyvisible --name p2pcam >/dev/null 2>&1 && seen=$((($(date +%s%N) - started) / 1000000))
  done
  wait "$app" || true
  [ -s "$WORK/out-$run" ] || { echo "run $run: no window; the app said:"; cat "$WORK/err-$run"; }
  echo "| $run | ${seen:-not seen} | $(sed -n 's/^window shown \([0-9]*\) ms.*/\1/p' "$WORK/out-$run") ms |"
done
