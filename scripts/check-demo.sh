#!/usr/bin/env bash
# Checks the README's run command end to end on a virtual display: `./p2pcam demo` must bring up
# the viewer with the demo camera live (the test pattern's colour bars on screen, found in a
# screenshot), and closing the viewer must stop the cloud and the camera it started.
#   scripts/check-demo.sh [--save FILE]   (FILE: keep the screenshot, e.g. docs/images/viewer-demo.png)
# Needs Xvfb, ImageMagick and xdotool (./p2pcam test installs them); skips with a message without.
set -euo pipefail
cd "$(dirname "$0")/.."
SAVE=""
[ "${1:-}" = --save ] && SAVE=${2:?--save needs a file}

for tool in Xvfb convert import xdotool; do
  command -v "$tool" >/dev/null || { echo "check-demo: SKIPPED: $tool is not installed (apt-get install xvfb imagemagick xdotool libgtk-3-0)"; exit 0; }
done

WORK=$(mktemp -d)
XVFB_PID="" DEMO_PID=""
cleanup() {
  [ -n "$DEMO_PID" ] && kill "$DEMO_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

exec 3>"$WORK/display"
Xvfb -displayfd 3 -screen 0 1600x1000x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
XVFB_PID=$!
for _ in $(seq 50); do [ -s "$WORK/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -n 1 "$WORK/display")"

echo "check-demo: running ./p2pcam demo --synthetic on $DISPLAY"
./p2pcam demo --synthetic >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!

fraction() { # share of the screenshot's pixels close to one colour
  convert "$1" -fuzz 10% -fill white -opaque "$2" -fill black +opaque white -colorspace gray -format "%[fx:mean]" info:
}
live=""
for _ in $(seq 90); do
  sleep 2
  kill -0 "$DEMO_PID" 2>/dev/null || { echo "check-demo: FAILED: the demo ended early:"; cat "$WORK/demo.log"; exit 1; }
  import -window root "$WORK/shot.png" 2>/dev/null || continue
  # 75 % colour bars of the synthetic camera: green, magenta and cyan must all be on screen.
  if awk -v g="$(fraction "$WORK/shot.png" '#00BF00')" -v m="$(fraction "$WORK/shot.png" '#BF00BF')" \
       -v c="$(fraction "$WORK/shot.png" '#00BFBF')" 'BEGIN { exit !(g > 0.003 && m > 0.003 && c > 0.003) }'; then
    live=yes
    break
  fi
done
[ -n "$live" ] || { echo "check-demo: FAILED: no live picture on screen within 180 s"; cat "$WORK/demo.log"; exit 1; }
sleep 2 # let the status chip and figures settle for the picture
import -window root "$WORK/shot.png"
echo "check-demo: the demo camera is live on screen"
if [ -n "$SAVE" ]; then
  mkdir -p "$(dirname "$SAVE")"
  convert "$WORK/shot.png" -crop "$(xdotool search --name '^p2pcam$' getwindowgeometry --shell | awk -F= '/WIDTH/{w=$2} /HEIGHT/{h=$2} /^X=/{x=$2} /^Y=/{y=$2} END{print w"x"h"+"x"+"y}')" +repage "$SAVE"
  echo "check-demo: screenshot saved to $SAVE"
fi

# Close the viewer the way a user does (Ctrl+Q in its window); everything the demo started must stop.
WINDOW=$(xdotool search --name '^p2pcam$' | head -n 1)
xdotool windowfocus --sync "$WINDOW" key --clearmodifiers ctrl+q || true
for _ in $(seq 150); do kill -0 "$DEMO_PID" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$DEMO_PID" 2>/dev/null; then
  echo "check-demo: FAILED: the demo still runs 15 s after the viewer was asked to quit"; cat "$WORK/demo.log"; exit 1
fi
DEMO_PID=""
sleep 1
if pgrep -f "cloud-server.jar --bind 127.0.0.1 --udp-port 0" >/dev/null || pgrep -f "camera-emulator.jar run --state-dir .demo/camera" >/dev/null; then
  echo "check-demo: FAILED: the cloud or the camera outlived the viewer:"
  pgrep -af "cloud-server.jar --bind 127.0.0.1 --udp-port 0|camera-emulator.jar run --state-dir .demo/camera"
  exit 1
fi
grep -q "p2pcam demo: stopped" "$WORK/demo.log" || { echo "check-demo: FAILED: no 'stopped' line"; cat "$WORK/demo.log"; exit 1; }
echo "check-demo: closing the viewer stopped the cloud and the camera: OK"
