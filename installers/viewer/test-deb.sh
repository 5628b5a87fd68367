#!/usr/bin/env bash
# Installs the viewer's .deb the way a user does and checks what they would see:
#  1. `dpkg -i` installs it (missing dependencies from apt); files, menu entry and icon are in place;
#  2. the installed viewer starts and loads FFmpeg from the package, unpacking nothing into the
#     home folder (no ~/.javacpp, ~/.openjfx) and writing nothing under /opt;
#  3. it streams: `probe` of the installed viewer watches a synthetic camera (camera emulator
#     archive) through a cloud (cloud distribution), both from installers/target;
#  4. under Xvfb, started with no arguments as the menu entry does, it shows its main window,
#     titled "p2pcam" (screenshot installers/target/viewer-screenshot.png); started with the camera
#     added on the command line it saves it and shows it (viewer-live-screenshot.png);
#  5. a higher version installs over it with dpkg -i, keeping the menu entry and the user's cameras;
#  6. `dpkg -r` removes it again, leaving nothing in /opt or the menu (unless --keep).
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
  if [ "$keep" = no ] && dpkg -s p2pcam-viewer >/dev/null 2>&1; then dpkg --purge p2pcam-viewer >/dev/null; fi
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
# A fresh home for the viewer: HOME for GTK, user.home for Java (which takes it from the password
# database, not from HOME).
home="$work/home"
mkdir -p "$home"
export JAVA_TOOL_OPTIONS="-Duser.home=$home"
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
( umask 077; printf '%s\n' "test-deb-camera-passphrase" >"$work/password" )
camera_id=$(HOME="$work/camera-home" JAVA_TOOL_OPTIONS="-Duser.home=$work/camera-home" "$work/camera/bin/p2pcam-camera" id --state-dir "$work/camera-state")
HOME="$work/camera-home" JAVA_TOOL_OPTIONS="-Duser.home=$work/camera-home" "$work/camera/bin/p2pcam-camera" run --state-dir "$work/camera-state" \
  --cloud "127.0.0.1:$udp" --password-file "$work/password" --source synthetic --size 640x360 --fps 30 >"$work/camera.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$http/metrics" | grep -q '^p2pcam_cameras_online 1$' && break; sleep 0.3; done
probe=$(HOME="$home" P2PCAM_PASSWORD="test-deb-camera-passphrase" $app/bin/p2pcam-viewer probe --cloud "127.0.0.1:$udp" --camera "$camera_id" \
  --frames 90 2>"$work/probe.err") || { cat "$work/probe.err" "$work/camera.log"; fail "probe: $probe"; }
echo "$probe" | grep -q '"frames":90' || fail "probe did not see 90 frames: $probe"
pass "installed viewer streamed camera $camera_id: $probe"
[ ! -e "$home/.javacpp" ] || fail "decoding unpacked natives into the home folder"
pass "nothing unpacked into the home folder (no ~/.javacpp, no ~/.openjfx)"

# 4. The main window under Xvfb: first as the menu entry starts it (no arguments), then with the
#    camera above added from the command line, until its tile is live.
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do xwininfo -display "$display" -root >/dev/null 2>&1 && break; sleep 0.2; done

# Starts the viewer with the given arguments, waits for its window titled p2pcam; sets window, viewer.
open_window() {
  DISPLAY=$display HOME="$home" "$@" >>"$work/viewer.log" 2>&1 &
  viewer=$!
  pids+=($viewer)
  window=""
  for _ in $(seq 120); do
    window=$(DISPLAY=$display xdotool search --onlyvisible --name '^p2pcam' 2>/dev/null | head -1) || true
    [ -n "$window" ] && return 0
    kill -0 "$viewer" 2>/dev/null || break
    sleep 0.5
  done
  local status="still running"
  kill -0 "$viewer" 2>/dev/null || { wait "$viewer" || true; status="exited"; }
  echo "--- viewer output"; tail -40 "$work/viewer.log"
  fail "no window titled p2pcam appeared within 60 s (the viewer $status)"
}

# Screenshot of the whole screen to $1; fails when it is blank.
screenshot() {
  DISPLAY=$display xwd -root -silent | convert xwd:- "$1"
  local spread
  spread=$(convert "$1" -format '%[fx:standard_deviation]' info:)
  awk -v s="$spread" 'BEGIN { exit !(s > 0.02) }' || fail "the screenshot $1 is blank (standard deviation $spread)"
}

open_window $exec_line
sleep 3  # let it paint
title=$(DISPLAY=$display xdotool getwindowname "$window")
geometry=$(DISPLAY=$display xwininfo -id "$window" | sed -n 's/.*-geometry //p')
wm_class=$(DISPLAY=$display xprop -id "$window" WM_CLASS | sed 's/.*= "\([^"]*\)".*/\1/')
startup_class=$(sed -n 's/^StartupWMClass=//p' "$desktop")
[ "$wm_class" = "$startup_class" ] || fail "window class $wm_class is not the menu entry's StartupWMClass $startup_class"
screenshot "$target/viewer-screenshot.png"
pass "menu entry's command shows main window '$title' ($geometry, class $wm_class); screenshot $target/viewer-screenshot.png"
kill "$viewer"; wait "$viewer" 2>/dev/null || true

printf 'secret\n' > "$work/password"
open_window $app/bin/p2pcam-viewer --cloud "127.0.0.1:$udp" --add-camera "$camera_id" --camera-name "Front door" \
  --camera-password-file "$work/password"
sleep 12  # connect and show some seconds of video
screenshot "$target/viewer-live-screenshot.png"
kill -0 "$viewer" 2>/dev/null || fail "the viewer exited while watching the camera"
# The tile area of a live test pattern is far busier than the empty state or a status text
# (standard deviation ~0.3 against ~0.08 here).
video=$(convert "$target/viewer-live-screenshot.png" -crop 900x500+300+100 -format '%[fx:standard_deviation]' info:)
awk -v s="$video" 'BEGIN { exit !(s > 0.15) }' || fail "no video in the tile area (standard deviation $video)"
grep -rqs "$camera_id" "$home/.config/p2pcam" || fail "the camera was not saved in ~/.config/p2pcam"
pass "with camera $camera_id added: video in the tile (deviation $video), camera saved in ~/.config/p2pcam; screenshot $target/viewer-live-screenshot.png"
kill "$viewer"; wait "$viewer" 2>/dev/null || true
[ ! -e "$home/.javacpp" ] && [ ! -e "$home/.openjfx" ] || fail "the GUI unpacked natives into the home folder"
written=$(find $app -newer "$work/before-start" | head -3)
[ -z "$written" ] || fail "the viewer wrote into $app: $written"
pass "the GUI unpacked nothing into the home folder and wrote nothing under $app"
[ -f "$home/.local/state/p2pcam/viewer.log" ] || fail "no log file ~/.local/state/p2pcam/viewer.log"
pass "the viewer logs to ~/.local/state/p2pcam/viewer.log ($(wc -l < "$home/.local/state/p2pcam/viewer.log") lines)"

# 5. Upgrade: the same package with a higher version (repacked, so the check needs no second
#    build) installs over this one with dpkg -i: the maintainer scripts keep the menu entry, the
#    user's cameras stay, and the new version runs.
mkdir -p "$work/upgrade"
dpkg-deb -R "$deb" "$work/upgrade/tree"
old_version=$(dpkg-deb -f "$deb" Version)
new_version="$old_version.1"
sed -i "s/^Version: .*/Version: $new_version/" "$work/upgrade/tree/DEBIAN/control"
dpkg-deb -Zgzip -z1 -b "$work/upgrade/tree" "$work/upgrade/p2pcam-viewer_${new_version}_amd64.deb" >/dev/null
dpkg -i "$work/upgrade/p2pcam-viewer_${new_version}_amd64.deb" >"$work/upgrade.log" 2>&1 || { cat "$work/upgrade.log"; fail "upgrade"; }
[ "$(dpkg-query -W -f '${Version}' p2pcam-viewer)" = "$new_version" ] || fail "still $(dpkg-query -W -f '${Version}' p2pcam-viewer) after the upgrade"
[ -e "$desktop" ] || fail "the upgrade lost the menu entry"
grep -rqs "$camera_id" "$home/.config/p2pcam" || fail "the upgrade lost the user's cameras"
HOME="$home" $app/bin/p2pcam-viewer --version >/dev/null || fail "the upgraded viewer does not start"
pass "dpkg -i of $new_version over $old_version: upgraded in place, menu entry and the user's cameras kept"

# 6. Remove.
if [ "$keep" = no ]; then
  kill "$viewer" 2>/dev/null || true
  dpkg -r p2pcam-viewer >/dev/null
  [ ! -e $app ] || fail "$app is still there after dpkg -r: $(find $app | head -5)"
  [ ! -e "$desktop" ] || fail "the menu entry is still there after dpkg -r"
  pass "dpkg -r removed it and its menu entry"
  dpkg --purge p2pcam-viewer >/dev/null
fi
echo "PASS: the viewer .deb installs, runs, streams and shows its window"
