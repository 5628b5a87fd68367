# Shared by the bench scripts (sourced, not run): a cloud on 127.0.0.1:$UDP and one synthetic
# 1280x720@30 camera with password "bench-camera-passphrase" (in $P2PCAM_PASSWORD for probe), both in the background, logs in $WORK, stopped on exit.
# Sets JAVA, WORK, CLOUD_PID, CAMERA_PID and ID. CAMERA_ARGS (set after sourcing) adds options to the camera's `run`.
# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || { echo "no Java 25 found (P2PCAM_JDK, P2PCAM_JAVA, JAVA_HOME, /usr/lib/jvm)" >&2; exit 1; }
WORK=$(mktemp -d)
# The camera's password: in a file for the camera, in the environment for probe (never on a command line).
export P2PCAM_PASSWORD="bench-camera-passphrase"
( umask 077; printf '%s\n' "$P2PCAM_PASSWORD" >"$WORK/password" )
cleanup() { kill "${CAMERA_PID:-}" "${CLOUD_PID:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

start_cloud_and_camera() { # UDP HTTP
  "$JAVA" -jar cloud-server/target/cloud-server.jar --udp-port "$1" --http-port "$2" >"$WORK/cloud.log" 2>&1 &
  CLOUD_PID=$!
  "$JAVA" -jar camera-emulator/target/camera-emulator.jar run --state-dir "$WORK/camera" --cloud "127.0.0.1:$1" \
    --password-file "$WORK/password" --source synthetic --size 1280x720 --fps 30 ${CAMERA_ARGS:-} >"$WORK/camera.log" 2>&1 &
  CAMERA_PID=$!
  # Up to 30 s: on a busy machine the two JVMs take a while to start.
  for _ in $(seq 150); do grep -q "registered with the cloud" "$WORK/camera.log" && break; sleep 0.2; done
  grep -q "registered with the cloud" "$WORK/camera.log" || {
    echo "camera did not register:"; cat "$WORK/camera.log"; echo "cloud:"; cat "$WORK/cloud.log"; exit 1; }
  ID=$("$JAVA" -jar camera-emulator/target/camera-emulator.jar id --state-dir "$WORK/camera")
}
