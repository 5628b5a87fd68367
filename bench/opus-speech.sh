# Shared by bench/opus-quality.sh and bench/opus-speech-cost.sh (sourced, not run, from the
# repository's root): six sentences of synthetic speech, two a file (PESQ wants 8-20 s), in three
# voices: espeak-ng's formant synthesis, festival's kal diphones (recorded speech, 16 kHz) and its
# slt HTS voice (32 kHz). Needs espeak-ng, festival, festvox-kallpc16k and festvox-us-slt-hts (apt).
#   opus_speech_setup CLASS: sets JAVA, PYTHON ($PESQ_PYTHON or python3), CP (the codec's jars,
#   built unless P2PCAM_BENCH_NO_BUILD) and WORK (removed on exit), compiles bench/CLASS.java into
#   WORK, writes the nine files there and lists them in the array WAVS.
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
SENTENCES=(
  "The camera on the front porch noticed someone walking up the driveway at half past nine."
  "Please leave the package beside the door, and ring the bell twice when you arrive."
  "She asked whether the garage lights had been switched off before everybody went to bed."
  "A quick brown fox jumps over the lazy dog while the kettle whistles in the kitchen."
  "Thursday's delivery was delayed because of heavy snow on the northern motorway."
  "Could you check the back garden? I thought I heard the gate open a moment ago."
)
opus_speech_setup() {
  local i
  JAVA=$(find_java25) || { echo "$(basename "$0" .sh): no Java 25 found" >&2; exit 1; }
  PYTHON=${PESQ_PYTHON:-python3}
  [ -n "${P2PCAM_BENCH_NO_BUILD:-}" ] || mvn -B -q -ntp package -DskipTests -pl shared-protocol,media-codec >&2
  CP="media-codec/target/media-codec-0.1.0-SNAPSHOT.jar:shared-protocol/target/shared-protocol-0.1.0-SNAPSHOT.jar"
  CP="$CP:$(find ~/.m2/repository/io/github/jaredmdobson/concentus -name 'concentus-*.jar' | sort | tail -1)"
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  "$(dirname "$JAVA")/javac" -d "$WORK" -cp "$CP" "bench/$1.java"
  WAVS=()
  for i in 0 2 4; do
    echo "${SENTENCES[$i]} ${SENTENCES[$((i + 1))]}" >"$WORK/s$i.txt"
    espeak-ng -v en-us -s 150 -w "$WORK/s$i-espeak.wav" -f "$WORK/s$i.txt"
    text2wave -o "$WORK/s$i-kal.wav" "$WORK/s$i.txt" -eval '(voice_kal_diphone)'
    text2wave -o "$WORK/s$i-slt.wav" "$WORK/s$i.txt" -eval '(voice_cmu_us_slt_arctic_hts)'
    WAVS+=("$WORK/s$i-espeak.wav" "$WORK/s$i-kal.wav" "$WORK/s$i-slt.wav")
  done
}
