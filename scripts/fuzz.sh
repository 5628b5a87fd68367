#!/usr/bin/env bash
# Fuzzes the Jazzer targets: every target, or the ones named, ROUNDS times. A target is
# [MODULE:]Class#method; without a module it is shared-protocol's (DecoderFuzzTest,
# EndpointFuzzTest); media-codec has AudioFuzzTest, cloud-server RendezvousFuzzTest and
# TcpFramingFuzzTest. One round
# gives each target the maxDuration of its @FuzzTest (10-20 s); the corpus a run grows
# (MODULE/.cifuzz-corpus, not committed) is where the next round starts, so more rounds fuzz
# longer. A crash stops the script; Jazzer writes the crashing input under
# MODULE/src/test/resources/<package>/<Class>Inputs/<target>/ (media-codec's first one landed in
# media-codec/crash-<sha1> instead, moved there by hand), where ordinary `mvn test` runs replay it
# from then on (commit it with the fix).
#
#   scripts/fuzz.sh                      one round of every target (about 7 min with start-up)
#   ROUNDS=30 scripts/fuzz.sh EndpointFuzzTest#cameraHandleDatagramNeverThrows
#   scripts/fuzz.sh media-codec:AudioFuzzTest#opusDecoder
#
# Classes are compiled for Java 23 here: Jazzer 0.24.0's bytecode instrumentation reads class
# files up to Java 23 only, and without it the fuzzer gets no coverage feedback. The modules are
# cleaned before and after, so the normal Java 25 build is untouched. Besides p2pcam's own classes,
# Concentus (the Opus decoder AudioFuzzTest drives) is instrumented, so that coverage inside it
# guides the fuzzer.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
use_jdk25_for_maven
ROUNDS=${ROUNDS:-1}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(DecoderFuzzTest#cloudCodec DecoderFuzzTest#viewerHello DecoderFuzzTest#cameraWelcome
    DecoderFuzzTest#rtp DecoderFuzzTest#rtcp DecoderFuzzTest#rtcpRoundTrip DecoderFuzzTest#lanAnnouncement
    DecoderFuzzTest#depacketizer
    EndpointFuzzTest#cameraHandleDatagramNeverThrows EndpointFuzzTest#viewerHandleDatagramNeverThrows
    media-codec:AudioFuzzTest#opusDecoder
    media-codec:AudioFuzzTest#jitterBufferToSpeaker cloud-server:RendezvousFuzzTest#strangersDatagrams
    cloud-server:TcpFramingFuzzTest#anySplitGivesTheSameDatagrams)
fi
modules=shared-protocol
for target in "${targets[@]}"; do
  if [[ $target == *:* && ,$modules, != *,${target%%:*},* ]]; then
    modules+=",${target%%:*}"
  fi
done
log=$(mktemp)
mvn -B -q -ntp clean -pl "$modules"
trap 'mvn -B -q -ntp clean -pl "$modules"; rm -f "$log"' EXIT
export JAZZER_INSTRUMENTATION_INCLUDES='io.p2pcam.**:io.github.jaredmdobson.concentus.**'
for round in $(seq 1 "$ROUNDS"); do
  for target in "${targets[@]}"; do
    module=shared-protocol
    if [[ $target == *:* ]]; then
      module=${target%%:*}
      target=${target#*:}
    fi
    echo "fuzz round $round/$ROUNDS: $module:$target"
    # -am: the modules it depends on are built (for Java 23) in the same run, their tests skipped by -Dtest.
    if ! JAZZER_FUZZ=1 mvn -B -ntp test -pl "$module" -am -Dmaven.compiler.release=23 -Dspotless.check.skip=true \
      -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1; then
      grep -E '== Java Exception|^\s+at io\.p2pcam|\[ERROR\] (Tests run|  )' "$log" | head -40
      echo "fuzzing $target found a failure; the full log was $log (kept)"
      trap - EXIT
      exit 1
    fi
    grep -E '^(#[0-9]+ +DONE|Done [0-9]+ runs)' "$log" || true
  done
done
