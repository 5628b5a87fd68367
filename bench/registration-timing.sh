#!/usr/bin/env bash
# Timing of the registration checks (docs/BENCHMARKS.md, "Timing of the registration checks";
# PROTOCOL.md §1.3): the cloud's core refusing a KEEPALIVE whose registration token is wrong in its
# first byte against one wrong in its last, and a REGISTER whose cookie MAC is wrong in its first
# byte against its last; a control times the same tokens compared alone with Arrays.equals and
# MessageDigest.isEqual. One thread; the variants alternate in batches, medians of the rounds.
#   bench/registration-timing.sh [rounds=101] [datagrams per batch=5000]
# Builds shared-protocol and cloud-server in this tree (test-compile, nothing installed).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
JAVA=$(find_java25) || { echo "registration-timing: no Java 25 found" >&2; exit 1; }
export JAVA_HOME="$(dirname "$(dirname "$JAVA")")"
BUILT=cloud-server/target/registration-timing.built
if [ ! -f "$BUILT" ] || [ -n "$(find shared-protocol cloud-server -name '*.java' -newer "$BUILT" -print -quit)" ]; then
  echo "registration-timing: building shared-protocol and cloud-server…" >&2
  MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
    mvn -B -q -ntp -pl shared-protocol,cloud-server test-compile -Dspotless.check.skip=true >&2
  rm -f cloud-server/target/cp.txt
  touch "$BUILT"
fi
[ -f cloud-server/target/cp.txt ] || mvn -B -q -ntp -pl cloud-server dependency:build-classpath -Dmdep.outputFile=target/cp.txt >&2
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $("$JAVA" -version 2>&1 | head -1)"
# This tree's shared-protocol classes come before the installed snapshot on the class path.
exec "$JAVA" -Xmx512m \
  -cp "cloud-server/target/test-classes:cloud-server/target/classes:shared-protocol/target/classes:$(cat cloud-server/target/cp.txt)" \
  io.p2pcam.cloud.core.RegistrationTimingBench "${1:-101}" "${2:-5000}"
