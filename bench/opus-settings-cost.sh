#!/usr/bin/env bash
# What an Opus encoder setting (complexity, a wideband cap) costs the camera's encoder and the
# viewer's decoder from a process's start, in CPU time (thread CPU and the JIT compilers' threads,
# not wall time: fit for a loaded machine), per window of the sound's time: 0-75 s, 75-195 s (the
# issue-15 session's two minutes with the camera up 75 s), the rest. One JVM per setting, run one
# after another. Prints bench/OpusSettingsCost.java's lines.
#   bench/opus-settings-cost.sh [seconds of sound=255] [pause after each frame, us=1000] [SETTING...]
# SETTING: SIDE:COMPLEXITY:WIDEBAND:DIRECTIVE (default: the table of docs/decisions/0084).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || { echo "opus-settings-cost: no Java 25 found" >&2; exit 1; }
JAVAC="$(dirname "$JAVA")/javac"
[ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests -pl shared-protocol,media-codec >&2
CP="media-codec/target/media-codec-0.1.0-SNAPSHOT.jar:shared-protocol/target/shared-protocol-0.1.0-SNAPSHOT.jar"
CP="$CP:$(find ~/.m2/repository/io/github/jaredmdobson/concentus -name 'concentus-*.jar' | sort | tail -1)"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$JAVAC" -d "$OUT" -cp "$CP" bench/OpusSettingsCost.java # compiled first: the source launcher's own JIT work is not counted
SECONDS_OF_SOUND=${1:-255}
PAUSE=${2:-1000}
shift $(( $# < 2 ? $# : 2 ))
SETTINGS=("$@")
[ ${#SETTINGS[@]} -gt 0 ] || SETTINGS=(encode:5:0:camera encode:3:0:camera encode:2:0:camera encode:1:0:camera encode:0:0:camera
  encode:5:0:none encode:1:0:none encode:5:1:camera encode:1:1:camera
  decode:5:0:viewer decode:1:0:viewer decode:5:1:viewer decode:1:1:viewer)
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for setting in "${SETTINGS[@]}"; do
  IFS=: read -r side complexity wideband directive <<<"$setting"
  # a fixed number of compiler threads: a thread HotSpot ends would take its CPU time with it
  "$JAVA" -XX:-UseDynamicNumberOfCompilerThreads -cp "$OUT:$CP" OpusSettingsCost "$side" "$complexity" "$wideband" "$directive" "$SECONDS_OF_SOUND" "$PAUSE"
done
