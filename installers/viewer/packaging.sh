# shellcheck shell=bash
# What the viewer's installer scripts share on Linux and macOS (build-deb.sh, build-dmg.sh; the
# Windows script build-msi.ps1 mirrors it): the app's identity, the runtime image, the app folder
# with the natives split out of the jar, and the launcher's JVM options. Sourced, not run.
# shellcheck source=../../scripts/lib.sh
. scripts/lib.sh

# Identity. NAME is the package/bundle name: never change it, or upgrades become side-by-side
# installs. The Windows upgrade code (build-msi.ps1) is fixed for the same reason.
NAME=p2pcam-viewer
TITLE="p2pcam Viewer"
VENDOR=p2pcam
DESCRIPTION="Watch your p2pcam cameras live, from anywhere, end-to-end encrypted"
COPYRIGHT="Copyright p2pcam contributors, Apache-2.0"
MAINTAINER=dev@p2pcam.io
MAIN_JAR=viewer-desktop.jar
# The app's own icon (its window uses it too), so the menu and the window match.
ICON=viewer-desktop/src/main/resources/io/p2pcam/viewer/app/icon-256.png
# The X11 window class JavaFX gives the main window (its Application class), so that docks match
# the window to the menu entry.
WM_CLASS=io.p2pcam.viewer.app.ViewerApp
# dlopen()ed at run time, so jpackage cannot see them: GTK 3 for JavaFX's windows, PulseAudio's
# client for FFmpeg's libavdevice. The rest (libc, libasound, X11) jpackage finds by itself.
LINUX_DEPENDS="libgtk-3-0 | libgtk-3-0t64, libpulse0"

die() { echo "p2pcam package: $*" >&2; exit 1; }

# A JDK 25 with jpackage (scripts/lib.sh finds it: P2PCAM_JDK, JAVA_HOME, /usr/lib/jvm/*, macOS).
find_jdk25() {
  local home
  home=$(find_jdk25_home) || return 1
  [ -x "$home/bin/jpackage" ] || return 1
  echo "$home"
}

# The version jpackage wants (numbers only): the jar's Implementation-Version without -SNAPSHOT.
package_version() {
  unzip -p viewer-desktop/target/viewer-desktop.jar META-INF/MANIFEST.MF \
    | sed -n 's/^Implementation-Version: \([0-9.]*\).*/\1/p' | tr -d '\r'
}

# Fills $work/app (slim jar + natives + notices) and $work/runtime (jlink), and sets
# jpackage_app: the jpackage arguments every platform shares (all but name, type and the platform's
# own). $1: the JDK; $2: the native library suffix of the target (so, dylib); $3: the user's log
# folder as a logback expression.
prepare_app_image() {
  local jdk=$1 modules
  work=installers/target/viewer-image
  rm -rf "$work" && mkdir -p "$work/app"
  [ -f viewer-desktop/target/viewer-desktop.jar ] || die "viewer-desktop/target/viewer-desktop.jar is missing (build without --no-build)"
  main_class=$("$jdk/bin/java" installers/viewer/SplitNatives.java viewer-desktop/target/viewer-desktop.jar "$work/app" "$2" | tee /dev/stderr | tail -1)
  [ -n "$main_class" ] && [ "$main_class" != null ] || die "the viewer jar names no P2pcam-Main class"
  cp installers/src/common/THIRD-PARTY-NOTICES.txt LICENSE "$work/app/"
  sed "s|@LOG_DIR@|$3|g" installers/viewer/logback-installed.xml > "$work/app/logback-installed.xml"
  modules=$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "$work/app/$MAIN_JAR")
  # jdk.management holds the DiagnosticCommand MBean through which the viewer keeps C2 off the Opus
  # codec (decision 0036); the jar reaches it by name only, so jdeps cannot see it.
  modules="$modules,jdk.management"
  echo "runtime modules: $modules" >&2
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --output "$work/runtime" || die "jlink failed"
  # The natives sit beside the jar ($APPDIR) and are found there: JavaCPP looks in java.library.path
  # first (pathsFirst) and its cache folder is the read-only app folder, so it never writes to the
  # home; JavaFX loads from beside its jar, Netty from java.library.path.
  jpackage_app=(
    --app-version "$(package_version)" --vendor "$VENDOR" --copyright "$COPYRIGHT"
    --description "$DESCRIPTION" --license-file LICENSE
    --input "$work/app" --main-jar "$MAIN_JAR" --main-class "$main_class" --runtime-image "$work/runtime"
    --java-options "--enable-native-access=ALL-UNNAMED"
    --java-options "-Djava.library.path=\$APPDIR"
    --java-options "-Dorg.bytedeco.javacpp.pathsFirst=true"
    --java-options "-Dorg.bytedeco.javacpp.cachedir=\$APPDIR"
    --java-options "-Dlogback.configurationFile=\$APPDIR/logback-installed.xml"
    # The JVM's own messages (a start-up cache it cannot use, say) go to stderr, never into probe's JSON.
    --java-options "-Xlog:disable" --java-options "-Xlog:all=warning:stderr"
  )
  train_aot_cache
}

# The ahead-of-time class cache (JDK 25, JEP 483/514/515) the launcher maps at start: classes
# loaded and linked, method profiles kept, so the window shows in about half the time (issue 16
# §2, docs/BENCHMARKS.md "Viewer start-up"). Made here by one training run of the app on the
# packaged runtime, with the launcher's own options (--startup-check opens the window, loads the
# engine and closes), so the first launch after installing is as fast as the later ones. A cache
# stays valid where the app and runtime folders move (the JVM matches them by name, size and
# time, which dpkg keeps); a JVM that cannot use it starts without it. Needs a display: Xvfb when
# there is none.
train_aot_cache() {
  local launcher=()
  if [ -z "${DISPLAY:-}" ]; then
    if ! command -v xvfb-run >/dev/null; then
      echo "p2pcam package: no display and no xvfb-run, so no start-up cache: the app will start more slowly (sudo apt-get install xvfb)" >&2
      return 0
    fi
    launcher=(xvfb-run -a)
  fi
  echo "training the start-up cache (one launch of the app)…" >&2
  "${launcher[@]}" "$work/runtime/bin/java" --enable-native-access=ALL-UNNAMED -Djava.library.path="$work/app" \
    -Dorg.bytedeco.javacpp.pathsFirst=true -Dorg.bytedeco.javacpp.cachedir="$work/app" \
    -Dlogback.configurationFile="$work/app/logback-installed.xml" -XX:AOTCacheOutput="$work/app/viewer.aot" \
    -cp "$work/app/$MAIN_JAR" "$main_class" --startup-check >&2 \
    || die "the training launch failed (see above)"
  rm -f "$work/app/viewer.aot.config"
  jpackage_app+=(--java-options "-XX:AOTCache=\$APPDIR/viewer.aot")
}
