#!/usr/bin/env bash
# Installs the viewer's .deb the way a user does and checks what they would see:
#  1. `dpkg -i` installs it (missing dependencies from apt); files, menu entry and icon are in place;
#  2. the installed viewer starts and loads FFmpeg from the package, unpacking nothing into the
#     home folder (no ~/.javacpp, ~/.openjfx) and writing nothing under /opt;
#  3. it streams: `probe` of the installed viewer watches a synthetic camera (camera emulator
#     archive) through a cloud (cloud distribution), both from installers/target;
#  4. under Xvfb, started with no arguments as the menu entry does, it shows its main window,
#     titled "p2pcam"; screenshot in installers/target/viewer-screenshot.png;
#  5. `dpkg -r` removes it again (unless --keep).
# Root needed (dpkg). Builds nothing: run `./p2pcam package` first.
# Usage: installers/viewer/test-deb.sh [--keep] [DEB]
set -euo pipefail
cd "$(dirname "$0")/../.."
keep=no
if [ "${1:-}" = "--keep" ]; then keep=yes; shift; fi
deb=${1:-$(ls installers/target/p2pcam-viewer_*_amd64.deb 2>/dev/null | head -1)}
app=/opt/p2pcam-viewer
target=$(pwd)/installers/target
fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

[ "$(id -u)" -eq 0 ] || fail "run as root (dpkg -i)"
[ -f "$deb" ] || fail "no .deb (run ./p2pcam package first)"
cloud_archive=$(ls "$target"/p2pcam-cloud-*.tar.gz | head -1) || fail "no cloud archive in installers/target"
camera_archive=$(ls "$target"/p2pcam-camera-emulator-*.tar.gz | head -1) || fail "no camera emulator archive"

missing=()
for tool in Xvfb:xvfb xdotool:xdotool xwininfo:x11-utils xwd:x11-apps convert:imagemagick \
    desktop-file-validate:desktop-file-utils curl:curl; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/p2pcam-deb-test.XXXXXX)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$keep" = no ] && dpkg -s p2pcam-viewer >/dev/null 2>&1; then dpkg -r p2pcam-viewer >/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

# 1. Install.
echo "deb: $deb ($(du -m "$deb" | cut -f1) MB)"
if ! dpkg -i "$deb" >"$work/dpkg.log" 2>&1; then
  echo "dpkg -i left dependencies to install; apt-get -f install…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -f -y -qq >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; fail "install"; }
fi
[ "$(dpkg-query -W -f '${Status}' p2pcam-viewer)" = "install ok installed" ] || fail "p2pcam-viewer is not installed"
pass "dpkg -i installed p2pcam-viewer $(dpkg-query -W -f '${Version}' p2pcam-viewer), $(du -sm $app | cut -f1) MB in $app"
[ -x $app/bin/p2pcam-viewer ] || fail "no launcher $app/bin/p2pcam-viewer"
[ -x $app/lib/runtime/bin/java ] || fail "no bundled runtime"
desktop=$(ls /usr/share/applications/*p2pcam-viewer*.desktop 2>/dev/null | head -1)
[ -n "$desktop" ] || fail "no menu entry in /usr/share/applications"
desktop-file-validate "$desktop" || fail "menu entry $desktop is not valid"
grep -q '^Name=p2pcam Viewer$' "$desktop" || fail "menu entry has no Name=p2pcam Viewer"
icon=$(sed -n 's/^Icon=//p' "$desktop")
[ -f "$icon" ] || fail "menu entry's icon $icon is missing"
exec_line=$(sed -n 's/^Exec=//p' "$desktop")
pass "menu entry $desktop (Exec=$exec_line, Icon=$icon) is valid"
runtime_natives=$(find $app -name '*.so*' | grep -v -e '/lib/runtime/' -e '/lib/libapplauncher.so' | wc -l)
foreign=$(find $app \( -name '*.dll' -o -name '*.dylib' -o -name '*.jnilib' \) | wc -l)
[ "$foreign" -eq 0 ] || fail "$foreign Windows/macOS natives in the package"
unzip -l $app/lib/app/viewer-desktop.jar | grep -E '\.(so|dll|dylib)' && fail "natives left inside the jar"
pass "$runtime_natives Linux natives unpacked in $app/lib/app, none for other platforms, none left in the jar"

# 2. Starts; loads FFmpeg (the command line does, at start) without unpacking into the home folder.
home="$work/home"
mkdir -p "$home"
touch "$work/before-start"
version_line=$(HOME="$home" $app/bin/p2pcam-viewer --version) || fail "the installed viewer did not start"
pass "installed viewer runs: $version_line"
[ ! -e "$home/.javacpp" ] || fail "JavaCPP unpacked natives into the home folder: $(find "$home/.javacpp" | head)"
[ ! -e "$home/.openjfx" ] || fail "JavaFX unpacked natives into the home folder"
written=$(find $app -newer "$work/before-start" | head -3)
[ -z "$written" ] || fail "the viewer wrote into $app: $written"

# 3. Streams: probe through a cloud to a synthetic camera.
mkdir -p "$work/cloud" "$work/camera"
tar xzf "$cloud_archive" -C "$work/cloud" --strip-components 1
tar xzf "$camera_archive" -C "$work/camera" --strip-components 1
udp=$((40000 + RANDOM % 10000)); http=$((udp + 1))
P2PCAM_UDP_PORT=$udp P2PCAM_HTTP_PORT=$http "$work/cloud/bin/p2pcam-cloud" --bind 127.0.0.1 >"$work/cloud.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do "$work/cloud/bin/p2pcam-cloud-healthcheck" 127.0.0.1 "$http" >/dev/null 2>&1 && break; sleep 0.3; done
"$work/cloud/bin/p2pcam-cloud-healthcheck" 127.0.0.1 "$http" >/dev/null || { cat "$work/cloud.log"; fail "the cloud did not start"; }
camera_id=$(HOME="$work/camera-home" "$work/camera/bin/p2pcam-camera" id --state-dir "$work/camera-state")
HOME="$work/camera-home" "$work/camera/bin/p2pcam-camera" run --state-dir "$work/camera-state" \
  --cloud "127.0.0.1:$udp" --password secret --source synthetic --size 640x360 --fps 30 >"$work/camera.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$http/metrics" | grep -q '^p2pcam_cameras_online 1$' && break; sleep 0.3; done
probe=$(HOME="$home" $app/bin/p2pcam-viewer probe --cloud "127.0.0.1:$udp" --camera "$camera_id" \
  --password secret --frames 90 2>"$work/probe.err") || { cat "$work/probe.err" "$work/camera.log"; fail "probe: $probe"; }
echo "$probe" | grep -q '"frames":90' || fail "probe did not see 90 frames: $probe"
pass "installed viewer streamed camera $camera_id: $probe"
[ ! -e "$home/.javacpp" ] || fail "decoding unpacked natives into the home folder"
pass "nothing unpacked into the home folder (no ~/.javacpp, no ~/.openjfx)"

# 4. The main window under Xvfb, started as the menu entry starts it.
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do xwininfo -display "$display" -root >/dev/null 2>&1 && break; sleep 0.2; done
DISPLAY=$display HOME="$home" $exec_line >"$work/viewer.log" 2>&1 &
viewer=$!
pids+=($viewer)
window=""
for _ in $(seq 120); do
  window=$(DISPLAY=$display xdotool search --onlyvisible --name '^p2pcam' 2>/dev/null | head -1) || true
  [ -n "$window" ] && break
  kill -0 "$viewer" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$window" ]; then
  status="still running"; kill -0 "$viewer" 2>/dev/null || { wait "$viewer" || true; status="exited"; }
  echo "--- viewer output"; head -40 "$work/viewer.log"
  fail "no window titled p2pcam appeared within 60 s (the viewer $status)"
fi
sleep 3  # let it paint
title=$(DISPLAY=$display xdotool getwindowname "$window")
geometry=$(DISPLAY=$display xwininfo -id "$window" | sed -n 's/.*-geometry //p')
DISPLAY=$display xwd -root -silent | convert xwd:- "$target/viewer-screenshot.png"
spread=$(convert "$target/viewer-screenshot.png" -format '%[fx:standard_deviation]' info:)
awk -v s="$spread" 'BEGIN { exit !(s > 0.02) }' || fail "the screenshot is blank (standard deviation $spread)"
pass "main window '$title' ($geometry) shown; screenshot $target/viewer-screenshot.png"
[ ! -e "$home/.javacpp" ] && [ ! -e "$home/.openjfx" ] || fail "the GUI unpacked natives into the home folder"

# 5. Remove.
if [ "$keep" = no ]; then
  kill "$viewer" 2>/dev/null || true
  dpkg -r p2pcam-viewer >/dev/null
  [ ! -e $app ] || fail "$app is still there after dpkg -r"
  [ ! -e "$desktop" ] || fail "the menu entry is still there after dpkg -r"
  pass "dpkg -r removed it and its menu entry"
fi
echo "PASS: the viewer .deb installs, runs, streams and shows its window"
