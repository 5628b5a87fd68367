#!/usr/bin/env bash
# Builds the viewer's macOS disk image with jpackage. Run it on a Mac (jpackage cannot build for
# another OS): installers/target/p2pcam Viewer-VERSION.dmg, holding "p2pcam Viewer.app" with its
# own Java runtime (jlink) and the macOS natives of FFmpeg and JavaFX for this Mac's CPU.
#
# Needs: macOS 12+, Xcode command line tools (xcode-select --install), a JDK 25 for this CPU
# (e.g. Temurin 25 from https://adoptium.net), Maven (brew install maven).
# Optional signing: P2PCAM_MAC_SIGNING_IDENTITY="Developer ID Application: NAME (TEAMID)"; then
# notarize: xcrun notarytool submit installers/target/*.dmg --keychain-profile PROFILE --wait &&
#           xcrun stapler staple installers/target/*.dmg
# Identity: bundle id io.p2pcam.viewer (keep it: it is what makes a new version replace the old);
# the viewer keeps cameras and settings in ~/Library/Application Support/p2pcam, never in the app.
set -euo pipefail
cd "$(dirname "$0")/../.."
source installers/viewer/packaging.sh

case "$(uname -m)" in
  arm64) javacpp_platform=macosx-arm64; javafx_platform=mac-aarch64 ;;
  x86_64) javacpp_platform=macosx-x86_64; javafx_platform=mac ;;
  *) die "unsupported Mac CPU $(uname -m)" ;;
esac
jdk=$(find_jdk25) || die "no JDK 25 with jpackage found (set P2PCAM_JDK to its Contents/Home)"
mvn -B -ntp -q package -pl viewer-desktop -am -DskipTests \
  -Djavacpp.platform="$javacpp_platform" -Djavafx.platform="$javafx_platform" || die "viewer build failed"

prepare_app_image "$jdk" dylib '${user.home}/Library/Logs/p2pcam'

# The .icns icon from the app's PNG (sips and iconutil come with macOS).
iconset="$work/p2pcam.iconset"
mkdir -p "$iconset"
for size in 16 32 64 128 256; do
  sips -z "$size" "$size" "$ICON" --out "$iconset/icon_${size}x${size}.png" >/dev/null
  sips -z $((size * 2)) $((size * 2)) "$ICON" --out "$iconset/icon_${size}x${size}@2x.png" >/dev/null
done
iconutil -c icns "$iconset" -o "$work/p2pcam.icns"

signing=()
if [ -n "${P2PCAM_MAC_SIGNING_IDENTITY:-}" ]; then
  signing=(--mac-sign --mac-signing-key-user-name "$P2PCAM_MAC_SIGNING_IDENTITY")
fi

"$jdk/bin/jpackage" --type dmg --dest installers/target \
  --name "$TITLE" "${jpackage_app[@]}" \
  --icon "$work/p2pcam.icns" \
  --mac-package-identifier io.p2pcam.viewer --mac-package-name "$TITLE" --mac-app-category public.app-category.video \
  "${signing[@]}" \
  || die "jpackage failed"
ls -l installers/target/*.dmg
