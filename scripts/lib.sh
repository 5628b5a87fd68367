# Shared by p2pcam, lab/natlab.sh, bench/*.sh and installers/viewer/packaging.sh: sourced, never run.

# The home of a JDK 25 or newer: P2PCAM_JDK, P2PCAM_JAVA (a java binary), JAVA_HOME, /usr/lib/jvm/*,
# the macOS JDK folders, then the java on the PATH. Prints the home; returns 1 when there is none.
# A JDK's `release` file names its feature version, so no JVM is started to ask.
find_jdk25_home() {
  local home feature candidates=("${P2PCAM_JDK:-}")
  [ -n "${P2PCAM_JAVA:-}" ] && candidates+=("$(dirname "$(dirname "$P2PCAM_JAVA")")")
  candidates+=("${JAVA_HOME:-}" /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home)
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for home in "${candidates[@]}"; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -f "$home/release" ] || continue
    feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
    if [ -n "$feature" ] && [ "$feature" -ge 25 ]; then
      echo "$home"
      return 0
    fi
  done
  return 1
}

# The java binary of that JDK.
find_java25() {
  local home
  home=$(find_jdk25_home) || return 1
  echo "$home/bin/java"
}

# Maven runs on the JDK 25 too: the formatter parses Java 25 syntax with the running JDK's parser.
# (Maven's bundled Guava still calls sun.misc.Unsafe; the flag keeps JDK 25 from warning about it.)
use_jdk25_for_maven() {
  local home
  home=$(find_jdk25_home) || return 1
  export JAVA_HOME="$home"
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
}
