#!/usr/bin/env bash
# Viewer start-up (issue 16 §2): how long after the process starts the desktop app's window shows,
# with an empty configuration, on a virtual display (Xvfb): without a class cache, and with the
# JDK 25 AOT cache trained the way `./p2pcam viewer` and the .deb train it (one --startup-check
# launch). Runs alternate so that both see the same machine.
#   bench/viewer-startup.sh [runs=3]
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || ./p2pcam build >/dev/null
. scripts/lib.sh
JAVA=$(find_java25) || { echo "no Java 25 found" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "needs xvfb-run (sudo apt-get install xvfb)" >&2; exit 1; }
CACHE=$(mktemp -d)/viewer.aot
trap 'rm -rf "$(dirname "$CACHE")"' EXIT
OPTS=(--enable-native-access=ALL-UNNAMED -Xlog:disable -Xlog:all=warning:stderr)
xvfb-run -a "$JAVA" "${OPTS[@]}" -XX:AOTCacheOutput="$CACHE" -jar viewer-desktop/target/viewer-desktop.jar \
  --startup-check >/dev/null 2>&1
# The app's own line: "window shown N ms after the process started (main …, shown N), C ms of CPU by then".
launch() { xvfb-run -a "$JAVA" "${OPTS[@]}" "$@" -jar viewer-desktop/target/viewer-desktop.jar --startup-check 2>/dev/null \
  | sed -n 's/^window shown //p'; }
shown() { sed -n 's/^\([0-9]*\) ms.*/\1/p' <<<"$1"; }
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1); cache $(du -m "$CACHE" | cut -f1) MB"
echo "| run | load (1 min) | no cache: window shown ms | AOT cache: window shown ms |"
echo "|---|---|---|---|"
breakdown=()
for run in $(seq "$RUNS"); do
  plain=$(launch)
  cached=$(launch -XX:AOTCache="$CACHE" -XX:AOTMode=on)
  breakdown+=("$cached")
  echo "| $run | $(cut -d' ' -f1 /proc/loadavg) | $(shown "$plain") | $(shown "$cached") |"
done
echo "With the cache, where the time went (ms after the process started):"
printf '  %s\n' "${breakdown[@]}"
