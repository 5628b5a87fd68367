# Shared by bench/opus-quality.sh and bench/opus-speech-cost.sh (sourced, not run): six sentences
# of synthetic speech, two a file (PESQ wants 8-20 s), in three voices: espeak-ng's formant
# synthesis, festival's kal diphones (recorded speech, 16 kHz) and its slt HTS voice (32 kHz).
# Needs espeak-ng, festival, festvox-kallpc16k and festvox-us-slt-hts (apt).
#   speech_wavs DIR: writes the nine files into DIR and lists them in the array WAVS.
SENTENCES=(
  "The camera on the front porch noticed someone walking up the driveway at half past nine."
  "Please leave the package beside the door, and ring the bell twice when you arrive."
  "She asked whether the garage lights had been switched off before everybody went to bed."
  "A quick brown fox jumps over the lazy dog while the kettle whistles in the kitchen."
  "Thursday's delivery was delayed because of heavy snow on the northern motorway."
  "Could you check the back garden? I thought I heard the gate open a moment ago."
)
speech_wavs() {
  local dir=$1 i
  WAVS=()
  for i in 0 2 4; do
    echo "${SENTENCES[$i]} ${SENTENCES[$((i + 1))]}" >"$dir/s$i.txt"
    espeak-ng -v en-us -s 150 -w "$dir/s$i-espeak.wav" -f "$dir/s$i.txt"
    text2wave -o "$dir/s$i-kal.wav" "$dir/s$i.txt" -eval '(voice_kal_diphone)'
    text2wave -o "$dir/s$i-slt.wav" "$dir/s$i.txt" -eval '(voice_cmu_us_slt_arctic_hts)'
    WAVS+=("$dir/s$i-espeak.wav" "$dir/s$i-kal.wav" "$dir/s$i-slt.wav")
  done
}
