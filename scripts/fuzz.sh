#!/usr/bin/env bash
# Fuzzes shared-protocol's Jazzer targets (DecoderFuzzTest, EndpointFuzzTest): every target, or the
# ones named, ROUNDS times. One round gives each target the maxDuration of its @FuzzTest (10-20 s);
# the corpus a run grows (shared-protocol/.cifuzz-corpus, not committed) is where the next round
# starts, so more rounds fuzz longer. A crash stops the script; Jazzer writes the crashing input
# under shared-protocol/src/test/resources/io/p2pcam/protocol/fuzz/<Class>Inputs/<target>/, where
# ordinary `mvn test` runs replay it from then on (commit it with the fix).
#
#   scripts/fuzz.sh                      one round of every target (about 3 min with start-up)
#   ROUNDS=30 scripts/fuzz.sh EndpointFuzzTest#cameraHandleDatagramNeverThrows
#
# Classes are compiled for Java 23 here: Jazzer 0.24.0's bytecode instrumentation reads class
# files up to Java 23 only, and without it the fuzzer gets no coverage feedback. The module is
# cleaned before and after, so the normal Java 25 build is untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
use_jdk25_for_maven
ROUNDS=${ROUNDS:-1}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(DecoderFuzzTest#cloudCodec DecoderFuzzTest#viewerHello DecoderFuzzTest#cameraWelcome
    DecoderFuzzTest#rtp DecoderFuzzTest#rtcp DecoderFuzzTest#depacketizer
    EndpointFuzzTest#cameraHandleDatagramNeverThrows EndpointFuzzTest#viewerHandleDatagramNeverThrows)
fi
log=$(mktemp)
mvn -B -q -ntp clean -pl shared-protocol
trap 'mvn -B -q -ntp clean -pl shared-protocol; rm -f "$log"' EXIT
for round in $(seq 1 "$ROUNDS"); do
  for target in "${targets[@]}"; do
    echo "fuzz round $round/$ROUNDS: $target"
    if ! JAZZER_FUZZ=1 mvn -B -ntp test -pl shared-protocol -Dmaven.compiler.release=23 -Dspotless.check.skip=true \
      -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
      grep -E '== Java Exception|^\s+at io\.p2pcam|\[ERROR\] (Tests run|  )' "$log" | head -40
      echo "fuzzing $target found a failure; the full log was $log (kept)"
      trap - EXIT
      exit 1
    fi
    grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs)' "$log" || true
  done
done
