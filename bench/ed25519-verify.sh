#!/usr/bin/env bash
# REGISTER signature check cost (docs/BENCHMARKS.md, "Ed25519 verification"): the JDK's Ed25519
# against the cloud's StrictEd25519 (Bouncy Castle, full key validation), one thread each.
#
#   bench/ed25519-verify.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
use_jdk25_for_maven || { echo "ed25519-verify: no Java 25 found" >&2; exit 1; }

out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "ed25519-verify: building and running the benchmark (under a minute)…" >&2
if ! mvn -B -ntp -Dstyle.color=never -pl cloud-server -am test \
    -Dgroups=benchmark -Dp2pcam.excludedGroups=none -Dsurefire.failIfNoSpecifiedTests=false \
    -Dtest='Ed25519VerifyBenchmarkTest' >"$out" 2>&1; then
  grep -E 'Tests run|FAIL|expected|Expecting' "$out" | head -20 >&2
  echo "ed25519-verify: the benchmark failed (log above)" >&2
  exit 1
fi
grep -E 'Ed25519 verify' "$out" | sed 's/^.* - //'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), nproc $(nproc)"
