#!/usr/bin/env bash
# Builds the viewer's Debian package with jpackage:
#   installers/target/p2pcam-viewer_VERSION_amd64.deb
# It holds a Java runtime made by jlink with only the modules the viewer uses, the viewer jar, and
# the Linux x86-64 natives (FFmpeg, JavaFX) unpacked beside it, so nothing is extracted into the
# user's home at first run. Installs to /opt/p2pcam-viewer with a menu entry and icon; the user's
# cameras and settings live in their own folders (XDG), never under /opt, so upgrades keep them.
#
# Usage: installers/viewer/build-deb.sh [--no-build]    (--no-build: viewer-desktop.jar is built)
# Most of the time goes into dpkg-deb's xz compression; DPKG_DEB_COMPRESSOR_LEVEL=1 speeds up trial
# builds (a larger file).
# Needs: a JDK 25 (JAVA_HOME, P2PCAM_JDK or /usr/lib/jvm), Maven, and dpkg-deb + fakeroot
# (sudo apt-get install fakeroot). The package and its checks: installers/viewer/test-deb.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
source installers/viewer/packaging.sh

build=yes
[ "${1:-}" = "--no-build" ] && build=no
jdk=$(find_jdk25) || die "no JDK 25 with jpackage found (set P2PCAM_JDK to its folder)"
for tool in dpkg-deb fakeroot; do
  command -v "$tool" >/dev/null || die "$tool is missing: sudo apt-get install ${tool/dpkg-deb/dpkg}"
done
if [ "$build" = yes ]; then
  echo "building viewer-desktop.jar…" >&2
  mvn -B -ntp -q package -pl viewer-desktop -am -DskipTests || die "viewer build failed"
fi

prepare_app_image "$jdk" so '${XDG_STATE_HOME:-${user.home}/.local/state}/p2pcam'

# The menu entry: jpackage fills in the launcher, icon and categories.
resources="$work/resources"
mkdir -p "$resources"
cp installers/viewer/deb/postinst installers/viewer/deb/prerm "$resources/"
cat > "$resources/$NAME.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=$TITLE
GenericName=Camera viewer
Comment=$DESCRIPTION
Exec=APPLICATION_LAUNCHER
Icon=APPLICATION_ICON
Terminal=false
Categories=DEPLOY_BUNDLE_CATEGORY
Keywords=camera;CCTV;surveillance;video;p2p;
StartupWMClass=$WM_CLASS
DESKTOP

rm -f installers/target/${NAME}_*.deb
"$jdk/bin/jpackage" --type deb --dest installers/target \
  --name "$NAME" "${jpackage_app[@]}" \
  --icon "$ICON" --resource-dir "$resources" \
  --linux-package-name "$NAME" --linux-deb-maintainer "$MAINTAINER" \
  --linux-menu-group "AudioVideo;Video;" --linux-app-category video --linux-shortcut \
  --linux-package-deps "$LINUX_DEPENDS" \
  || die "jpackage failed"

deb=$(ls installers/target/${NAME}_*.deb)
echo "$deb: $(du -m "$deb" | cut -f1) MB ($(stat -c %s "$deb") bytes); installed $(du -sm "$work/runtime" "$work/app" | awk '{s+=$1} END {print s}') MB"
