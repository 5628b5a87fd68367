#!/usr/bin/env bash
# Checks the launcher's command lines without building or running anything: ./p2pcam and
# scripts/lib.sh are copied into a scratch tree whose mvn, java, xvfb-run and helper scripts are stubs
# that only write down how they were called. Every command's --help prints its own usage and starts
# nothing, ./p2pcam without a command prints its usage to stderr with exit code 2 (--help: stdout,
# exit 0), a command without arguments refuses one with exit code 2, cloud/camera/probe/viewer/loadgen pass
# --help on to their program, viewer --help skips the start-up cache's training launch, and only
# changed sources (not test reports under target/) make a rebuild.
#   scripts/check-launcher.sh   (about a second; ./p2pcam test runs it)
set -euo pipefail
cd "$(dirname "$0")/.."

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TREE=$WORK/tree CALLS=$WORK/calls
mkdir -p "$TREE/scripts" "$TREE/bench" "$TREE/installers/viewer" "$WORK/bin" "$WORK/jdk/bin"
cp p2pcam "$TREE/"
cp scripts/lib.sh "$TREE/scripts/"
stub() { printf '#!/bin/sh\necho "%s $*" >>"%s"\n' "$(basename "$1")" "$CALLS" >"$1"; chmod +x "$1"; }
for tool in "$WORK/bin/mvn" "$WORK/bin/xvfb-run" "$WORK/jdk/bin/java" "$TREE/bench/cluster-demo.sh" \
  "$TREE/scripts/check-demo.sh" "$TREE/installers/viewer/build-deb.sh"; do
  stub "$tool"
done
echo 'JAVA_VERSION="25"' >"$WORK/jdk/release"
for file in pom.xml cloud-server/pom.xml cloud-server/src/main/java/Server.java \
  cloud-server/src/main/resources/server.properties cloud-server/src/test/java/ServerTest.java \
  cloud-server/target/surefire-reports/TEST-ServerTest.xml; do
  mkdir -p "$TREE/$(dirname "$file")" && touch -d '2 hours ago' "$TREE/$file"
done
for jar in cloud-server/target/cloud-server.jar camera-emulator/target/camera-emulator.jar viewer-desktop/target/viewer-desktop.jar cloud-loadgen/target/cloud-loadgen.jar; do
  mkdir -p "$TREE/$(dirname "$jar")" && touch -d '1 hour ago' "$TREE/$jar"
done

failures=0 checks=0
OUT="" ERR="" STATUS=0
launch() { # runs the copied launcher with the stubs; sets OUT, ERR, STATUS and empties CALLS first
  : >"$CALLS"
  STATUS=0
  env -u DISPLAY -u WAYLAND_DISPLAY PATH="$WORK/bin:/usr/bin:/bin" P2PCAM_JDK="$WORK/jdk" \
    "$TREE/p2pcam" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null || STATUS=$?
  OUT=$(cat "$WORK/out") ERR=$(cat "$WORK/err")
}
expect() { # expect DESCRIPTION CONDITION...
  local description=$1
  shift
  checks=$((checks + 1))
  if ! "$@"; then
    failures=$((failures + 1))
    echo "check-launcher: FAILED: $description (exit $STATUS; stdout: ${OUT:0:200}; stderr: ${ERR:0:200}; calls: $(tr '\n' ';' <"$CALLS"))"
  fi
}
called() { grep -q -- "$1" "$CALLS"; }
nothing_called() { [ ! -s "$CALLS" ]; }
one_line_error() { [ "$STATUS" -eq 2 ] && [ -z "$OUT" ] && [ "$(printf '%s\n' "$ERR" | wc -l)" -eq 1 ]; }

launch
expect "no command prints the usage to stderr and exits 2, as a usage error" \
  eval '[ "$STATUS" -eq 2 ] && [ -z "$OUT" ] && [[ "$ERR" == "usage: ./p2pcam <command>"* ]] && nothing_called'
for flag in --help -h help; do
  launch "$flag"
  expect "$flag prints the usage and exits 0" eval '[ "$STATUS" -eq 0 ] && [[ "$OUT" == "usage: ./p2pcam <command>"* ]] && nothing_called'
done
launch frobnicate
expect "an unknown command is refused in one line naming it" \
  eval 'one_line_error && [[ "$ERR" == *"unknown command '"'"'frobnicate'"'"'"*"--help"* ]] && nothing_called'
for command in demo check format test build package cluster-demo; do
  for flag in --help -h; do
    launch "$command" "$flag"
    expect "$command $flag prints its usage and starts nothing" \
      eval '[ "$STATUS" -eq 0 ] && [[ "$OUT" == "usage: ./p2pcam $command"* ]] && nothing_called'
  done
done
for command in check format test build package; do
  launch "$command" --verbose
  expect "$command refuses an argument in one line" eval 'one_line_error && nothing_called'
done
launch demo --colour
expect "demo refuses an unknown flag in one line" eval 'one_line_error && nothing_called'
for port in --redis 0 65536 6390x; do
  launch cluster-demo "$port"
  expect "cluster-demo refuses '$port' in one line" eval 'one_line_error && nothing_called'
done
launch cluster-demo 6391
expect "cluster-demo passes its redis port on" called "cluster-demo.sh 6391"

launch cloud --help
expect "cloud passes --help on to the server" eval 'called "cloud-server.jar --help" && ! called mvn'
launch camera --help
expect "camera passes --help on to the emulator" eval 'called "camera-emulator.jar --help" && ! called mvn'
launch camera id --state-dir /tmp/cam
expect "camera passes its arguments on unchanged" called "camera-emulator.jar id --state-dir /tmp/cam"
launch probe --help
expect "probe passes --help on to the viewer's probe" eval 'called "viewer-desktop.jar probe --help" && ! called mvn'
launch probe --cloud 127.0.0.1:32100 --camera X
expect "probe runs without training the viewer's cache" \
  eval 'called "viewer-desktop.jar probe --cloud 127.0.0.1:32100 --camera X" && ! called xvfb-run'
launch loadgen --help
expect "loadgen passes --help on to the generator" eval 'called "cloud-loadgen.jar --help" && ! called mvn'
for flag in --help -h --version -V; do
  launch viewer "$flag"
  expect "viewer $flag goes to the viewer without training its cache first" \
    eval 'called "viewer-desktop.jar $flag" && ! called xvfb-run'
done
launch viewer probe --help
expect "viewer probe --help skips the training too" eval 'called "viewer-desktop.jar probe --help" && ! called xvfb-run'
launch viewer --config-dir /tmp/x
expect "viewer without --help trains its cache first" called xvfb-run

touch "$TREE/cloud-server/target/surefire-reports/TEST-ServerTest.xml" "$TREE/cloud-server/src/test/java/ServerTest.java"
launch cloud --version
expect "new test reports and test sources make no rebuild" eval '! called mvn && called "cloud-server.jar --version"'
touch "$TREE/cloud-server/src/main/resources/server.properties"
launch cloud --version
expect "a changed resource makes a rebuild" called "mvn .* install -DskipTests"
touch -d '2 hours ago' "$TREE/cloud-server/src/main/resources/server.properties"
touch "$TREE/cloud-server/src/main/java/Server.java"
launch cloud --version
expect "a changed source makes a rebuild" called "mvn .* install -DskipTests"
touch -d '2 hours ago' "$TREE/cloud-server/src/main/java/Server.java"
touch "$TREE/cloud-server/pom.xml"
launch cloud --version
expect "a changed pom.xml makes a rebuild" called "mvn .* install -DskipTests"

if [ "$failures" -gt 0 ]; then
  echo "check-launcher: $failures of $checks checks failed"
  exit 1
fi
echo "check-launcher: $checks checks passed"
