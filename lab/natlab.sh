#!/usr/bin/env bash
# The NAT lab: real Linux NATs (network namespaces, veth, nftables) between a cloud, cameras and
# viewers, and the pair grid run across them. Needs root, iproute2, nftables, conntrack and the
# jars (mvn -B -ntp verify -DskipTests, or any verify). See docs/BENCHMARKS.md ("NAT grid").
#
#   lab/natlab.sh up                    build the topology (every profile on both sides)
#   lab/natlab.sh check [PROFILE...]    each side's measured mapping/filtering vs the profile's
#   lab/natlab.sh grid [CAMS] [VIEWERS] the pair grid (comma lists; default: every profile)
#   lab/natlab.sh pairs CAM:VIEWER...   named pairs, one probe JSON line each
#   lab/natlab.sh table                 the last grid as a Markdown table (docs/BENCHMARKS.md)
#   lab/natlab.sh repeat CAM:VIEWER N   the same pair N times (fresh camera each time)
#   lab/natlab.sh survive cloud-restart|flush|udp-outage [CAM] [VIEWER]   outage scenarios on a live stream
#   lab/natlab.sh lan no-internet|mdns-blocked [CAM]   a viewer on the camera's LAN, the LAN's
#                                       router forwarding nothing (no cloud): found by mDNS and
#                                       connected directly, or (mDNS blocked on the LAN) not found
#   lab/natlab.sh down                  delete every lab namespace (also done before 'up')
#
# Topology: namespace p2l-inet holds a bridge, the "internet" 203.0.113.0/24. The cloud (and the
# self-check reflector) live in p2l-cloud at 203.0.113.1-3. Each side (c-PROFILE for cameras,
# v-PROFILE for viewers) is a host p2l-SIDE behind the NAT namespace p2l-SIDE-nat (LAN
# 198.18.N.0/24), with a neighbour p2l-SIDE-n on the same LAN (the "same-lan" column).
# cgnat chains a home NAT behind a carrier NAT p2l-SIDE-cgn over 100.64.N.0/24.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX=p2l-
PROFILES=(public easy easy-adf full-cone hard cgnat udp-blocked easy-10s)
CLOUD_IP=203.0.113.1
CLOUD_PORT=32100
REFLECT_PORT=3478
CAMERA_PORT=20000 # >= 16384: lower source ports get a random NAT port towards ports >= 32768
LOGS=${NATLAB_LOGS:-/tmp/natlab}
LAB_PASSWORD="natlab-camera-passphrase" # in a file for the camera, in the environment for probe
FRAMES=${NATLAB_FRAMES:-30}
PROBE_TIMEOUT=${NATLAB_PROBE_TIMEOUT:-20}

die() { echo "natlab: $*" >&2; exit 1; }

# shellcheck source=../scripts/lib.sh
. scripts/lib.sh
JAVA=$(find_java25) || die "no Java 25 found (P2PCAM_JDK, P2PCAM_JAVA, JAVA_HOME, /usr/lib/jvm)"

in_ns() { local ns=$1; shift; ip netns exec "$PREFIX$ns" "$@"; }
# In the background, with $! the process itself (ip netns exec execs it), so that kill reaches it.
bg_in_ns() { local ns=$1 log=$2; shift 2; ip netns exec "$PREFIX$ns" "$@" >"$log" 2>&1 & }

profile_index() {
  local i
  for i in "${!PROFILES[@]}"; do [ "${PROFILES[$i]}" = "$1" ] && { echo $((i + 1)); return; }; done
  die "unknown profile '$1' (known: ${PROFILES[*]})"
}

# A side's number: cameras 1-19, viewers 21-39. It picks the side's public and LAN addresses.
side_number() {
  local side=$1 n; n=$(profile_index "${side#?-}")
  case $side in c-*) echo "$n";; v-*) echo $((n + 20));; *) die "bad side $side";; esac
}
side_public_ip() { echo "203.0.113.$((10 + $(side_number "$1")))"; }

down() {
  local ns
  for ns in $(ip netns list | awk '{print $1}' | grep "^$PREFIX" || true); do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns"
  done
}

add_ns() {
  ip netns add "$PREFIX$1"
  in_ns "$1" ip link set lo up
}

# veth between two namespaces: NS1 IF1 NS2 IF2
link() {
  ip link add "$2" netns "$PREFIX$1" type veth peer name "$4" netns "$PREFIX$3"
  in_ns "$1" ip link set "$2" up
  in_ns "$3" ip link set "$4" up
}

# Plugs a namespace into the internet bridge as IF with address IP/24.
to_internet() {
  local ns=$1 ifname=$2 address=$3 port
  port="x$(echo "$ns" | md5sum | cut -c1-10)"
  link "$ns" "$ifname" inet "$port"
  in_ns inet ip link set "$port" master br0
  in_ns "$ns" ip addr add "$address/24" dev "$ifname"
}

# nftables for a NAT namespace: WAN interface "wan", LAN interface "lan" (a bridge).
# Every NAT gets a router's input firewall (REFERENCE.md §3: without it a peer's early punch
# packet takes the tuple and simultaneous punching between two easy NATs fails).
nat_rules() {
  local ns=$1 profile=$2 inside=$3 masq="masquerade" dnat="" forward_in="" lan_extra=""
  case $profile in
    hard) masq="masquerade fully-random" ;;
    full-cone) dnat="iifname \"wan\" udp dport 16384-65535 dnat to $inside"
               forward_in="iifname \"wan\" ct status dnat accept" ;;
    easy-adf) dnat="iifname \"wan\" udp dport 16384-65535 dnat to $inside"
              forward_in="iifname \"wan\" ct status dnat ip saddr @contacted accept"
              lan_extra="update @contacted { ip daddr }" ;;
    udp-blocked) lan_extra="oifname \"wan\" udp dport != 53 drop
    iifname \"lan\"" ;; # blocked towards the internet; the LAN itself still carries UDP
  esac
  in_ns "$ns" nft -f - <<RULES
table ip lab {
  set contacted { type ipv4_addr; flags dynamic,timeout; timeout 5m; }
  chain prerouting {
    type nat hook prerouting priority dstnat;
    $dnat
  }
  chain postrouting {
    type nat hook postrouting priority srcnat;
    oifname "wan" $masq
  }
  chain forward {
    type filter hook forward priority filter; policy drop;
    iifname "lan" $lan_extra accept
    ct state established,related accept
    $forward_in
  }
  chain input {
    type filter hook input priority filter;
    iifname "wan" ct state new,invalid drop
  }
}
RULES
  in_ns "$ns" sysctl -qw net.ipv4.ip_forward=1
  if [ "$profile" = easy-10s ]; then
    in_ns "$ns" sysctl -qw net.netfilter.nf_conntrack_udp_timeout=10 net.netfilter.nf_conntrack_udp_timeout_stream=10
  fi
}

# A NAT namespace NAT with WAN address WAN_IP/24 (gateway GW or none) and a LAN bridge
# LAN_PREFIX.1/24 holding the side's host (.2) and neighbour (.3).
lan_behind() {
  local side=$1 nat=$2 lan_prefix=$3 member
  in_ns "$nat" ip link add lan type bridge
  in_ns "$nat" ip link set lan up
  in_ns "$nat" ip addr add "$lan_prefix.1/24" dev lan
  local host=2
  for member in "$side" "$side-n"; do
    add_ns "$member"
    link "$member" eth0 "$nat" "m$host"
    in_ns "$nat" ip link set "m$host" master lan
    in_ns "$member" ip addr add "$lan_prefix.$host/24" dev eth0
    in_ns "$member" ip route add default via "$lan_prefix.1"
    host=$((host + 1))
  done
}

build_side() {
  local side=$1 profile=${1#?-} n public
  n=$(side_number "$side"); public=$(side_public_ip "$side")
  case $profile in
    public)
      add_ns "$side"; to_internet "$side" eth0 "$public"
      add_ns "$side-n"; to_internet "$side-n" eth0 "203.0.113.$((100 + n))"
      ;;
    cgnat)
      add_ns "$side-cgn"; to_internet "$side-cgn" wan "$public"
      in_ns "$side-cgn" ip link add lan type bridge; in_ns "$side-cgn" ip link set lan up
      in_ns "$side-cgn" ip addr add "100.64.$n.1/24" dev lan
      add_ns "$side-nat"; link "$side-nat" wan "$side-cgn" home
      in_ns "$side-cgn" ip link set home master lan
      in_ns "$side-nat" ip addr add "100.64.$n.2/24" dev wan
      in_ns "$side-nat" ip route add default via "100.64.$n.1"
      nat_rules "$side-cgn" easy "100.64.$n.2"
      lan_behind "$side" "$side-nat" "198.18.$n"
      nat_rules "$side-nat" easy "198.18.$n.2"
      ;;
    *)
      add_ns "$side-nat"; to_internet "$side-nat" wan "$public"
      lan_behind "$side" "$side-nat" "198.18.$n"
      nat_rules "$side-nat" "$profile" "198.18.$n.2"
      ;;
  esac
}

up() {
  down
  add_ns inet
  in_ns inet ip link add br0 type bridge
  in_ns inet ip link set br0 up
  add_ns cloud
  to_internet cloud eth0 "$CLOUD_IP"
  in_ns cloud ip addr add 203.0.113.2/24 dev eth0
  in_ns cloud ip addr add 203.0.113.3/24 dev eth0
  local profile
  for profile in "${PROFILES[@]}"; do
    build_side "c-$profile"
    build_side "v-$profile"
  done
  mkdir -p "$LOGS"
}

# What each profile must measure like (RFC 4787 terms), before any result is trusted.
expected() {
  case $1 in
    public) echo "udp=ok mapping=NONE filtering=EIF" ;;
    easy|cgnat|easy-10s) echo "udp=ok mapping=EIM filtering=APDF" ;;
    easy-adf) echo "udp=ok mapping=EIM filtering=ADF" ;;
    full-cone) echo "udp=ok mapping=EIM filtering=EIF" ;;
    hard) echo "udp=ok mapping=EDM filtering=APDF" ;;
    udp-blocked) echo "udp=blocked" ;;
  esac
}

start_reflector() {
  bg_in_ns cloud "$LOGS/reflector.log" "$JAVA" lab/NatCheck.java reflect "$CLOUD_IP" 203.0.113.2 203.0.113.3 "$REFLECT_PORT"
  local i
  for i in $(seq 100); do grep -q reflecting "$LOGS/reflector.log" 2>/dev/null && return 0; sleep 0.1; done
  die "the reflector did not start: $(cat "$LOGS/reflector.log")"
}

# Prints "SIDE measured... ok|MISMATCH" per side; exit 1 on any mismatch.
check() {
  local profiles=("$@") failed=0 profile side
  [ ${#profiles[@]} -gt 0 ] || profiles=("${PROFILES[@]}")
  start_reflector
  local reflector=$!
  for profile in "${profiles[@]}"; do
    for side in "c-$profile" "v-$profile"; do
      local measured want port=$((40000 + RANDOM % 20000))
      measured=$(in_ns "$side" "$JAVA" lab/NatCheck.java probe "$port" "$CLOUD_IP" 203.0.113.2 203.0.113.3 "$REFLECT_PORT")
      want=$(expected "$profile")
      if [ "$profile" = easy-10s ] && [[ $measured == "$want"* ]]; then
        # The short-mapping variant: the NAT's own conntrack entry for the check's flow must
        # expire within 10 s (the kernel reports the seconds left).
        local left
        left=$(in_ns "$side-nat" conntrack -L -p udp --dport "$REFLECT_PORT" 2>/dev/null | awk '{print $3}' | sort -n | tail -1)
        measured="$measured timeout=${left:-none}"
        [ -n "$left" ] && [ "$left" -le 10 ] || want="$want timeout<=10"
      fi
      if [[ $measured == "$want"* ]]; then
        echo "$side $measured ok"
      else
        echo "$side $measured MISMATCH (want $want)"; failed=1
      fi
    done
  done
  kill "$reflector" 2>/dev/null || true
  wait "$reflector" 2>/dev/null || true
  return $failed
}

# The lab runs copies of the jars, so a build during a long grid cannot swap them underneath it.
JARS=$LOGS/jars
snapshot_jars() {
  mkdir -p "$JARS"
  local jar
  for jar in cloud-server/target/cloud-server.jar camera-emulator/target/camera-emulator.jar viewer-desktop/target/viewer-desktop.jar; do
    [ -f "$jar" ] || die "$jar is missing: build first (mvn -B -ntp verify -DskipTests)"
    cp "$jar" "$JARS/"
  done
}

# Builds the lab if it is not there (a test's teardown may have removed it).
ensure_up() {
  ip netns list | awk '{print $1}' | grep -qx "${PREFIX}inet" || up
  snapshot_jars
}

start_cloud() {
  bg_in_ns cloud "$LOGS/cloud.log" "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$JARS/cloud-server.jar" \
    --bind "$CLOUD_IP" --udp-port "$CLOUD_PORT" --http-port -1 ${NATLAB_CLOUD_OPTS---relay}
  CLOUD_PID=$!
}

# Starts the camera of side c-PROFILE; sets CAMERA_PID and CAMERA_ID.
start_camera() {
  local side=$1 state="$LOGS/state-$1"
  ( umask 077; printf '%s\n' "$LAB_PASSWORD" >"$LOGS/password" )
  CAMERA_ID=$("$JAVA" -jar "$JARS/camera-emulator.jar" id --state-dir "$state" | tail -1)
  bg_in_ns "$side" "$LOGS/camera-$side.log" "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED \
    -jar "$JARS/camera-emulator.jar" run --state-dir "$state" --cloud "$CLOUD_IP:$CLOUD_PORT" \
    --password-file "$LOGS/password" --size 320x240 --fps 15 --bind "0.0.0.0:$CAMERA_PORT"
  CAMERA_PID=$!
  local i
  for i in $(seq 100); do grep -q "registered with the cloud" "$LOGS/camera-$side.log" && return 0; sleep 0.1; done
  return 1 # never registered (udp-blocked): every viewer's probe fails, which the grid shows
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# One probe from NS to the running camera: prints its JSON line.
probe_from() {
  in_ns "$1" env P2PCAM_PASSWORD="$LAB_PASSWORD" "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED \
    -jar "$JARS/viewer-desktop.jar" probe --cloud "$CLOUD_IP:$CLOUD_PORT" --camera "$CAMERA_ID" --frames "$FRAMES" \
    --timeout "$PROBE_TIMEOUT" 2>>"$LOGS/probe.log" | tail -1 || true
}

field() { sed -n "s/.*\"$2\":\"\{0,1\}\([^\",}]*\).*/\1/p" <<<"$1"; }

# Rows: camera profiles; columns: viewer profiles plus same-lan (a viewer on the camera's LAN).
# Each cell: path (lan/direct/relay) with connect/first-frame ms, or failed:ERROR.
# Also writes one line per pair to $LOGS/grid.tsv for tests.
grid() {
  local cams viewers
  IFS=, read -r -a cams <<<"${1:-$(IFS=,; echo "${PROFILES[*]}")}"
  IFS=, read -r -a viewers <<<"${2:-$(IFS=,; echo "${PROFILES[*]},same-lan")}"
  ensure_up
  start_cloud
  : >"$LOGS/grid.tsv"
  printf '%-12s' "cam\\viewer"; printf ' %-24s' "${viewers[@]}"; echo
  local cam viewer
  for cam in "${cams[@]}"; do
    start_camera "c-$cam" || true
    printf '%-12s' "$cam"
    for viewer in "${viewers[@]}"; do
      local ns="v-$viewer" line cell
      [ "$viewer" = same-lan ] && ns="c-$cam-n"
      line=$(probe_from "$ns")
      if [ -n "$(field "$line" path)" ]; then
        cell="$(field "$line" path) $(field "$line" pathMs)/$(field "$line" firstFrameMs)ms"
      else
        cell="failed:$(field "$line" error)"
      fi
      printf ' %-24s' "$cell"
      printf '%s\t%s\t%s\n' "$cam" "$viewer" "$line" >>"$LOGS/grid.tsv"
    done
    echo
    stop_pid "$CAMERA_PID"
  done
  stop_pid "$CLOUD_PID"
  echo "cells: path path-ms/first-frame-ms (probe's pathMs/firstFrameMs; $FRAMES frames at 320x240@15)"
}

# Named pairs CAM:VIEWER (VIEWER may be same-lan), in order, one camera run per consecutive CAM.
# Prints "CAM VIEWER JSON" per pair (the probe's line) and writes the same to $LOGS/pairs.tsv.
pairs() {
  ensure_up
  start_cloud
  : >"$LOGS/pairs.tsv"
  local pair cam viewer running=""
  for pair in "$@"; do
    cam=${pair%%:*}; viewer=${pair#*:}
    if [ "$cam" != "$running" ]; then
      [ -z "$running" ] || stop_pid "$CAMERA_PID"
      start_camera "c-$cam" || true
      running=$cam
    fi
    local ns="v-$viewer"
    [ "$viewer" = same-lan ] && ns="c-$cam-n"
    printf '%s\t%s\t%s\n' "$cam" "$viewer" "$(probe_from "$ns")" | tee -a "$LOGS/pairs.tsv"
  done
  [ -z "$running" ] || stop_pid "$CAMERA_PID"
  stop_pid "$CLOUD_PID"
}

# Markdown of the last grid ($LOGS/grid.tsv): one cell per pair, "path connect/first-frame ms", with
# "relay→direct @ms" where a relayed session was upgraded, and the error for failed pairs.
table() {
  local tsv="$LOGS/grid.tsv"
  [ -f "$tsv" ] || die "no grid yet ($tsv)"
  awk -F'\t' '
    function get(json, key,   m) {
      if (match(json, "\"" key "\":\"?[^\",}]*")) { m = substr(json, RSTART, RLENGTH); sub("\"" key "\":\"?", "", m); return m }
      return ""
    }
    {
      cam = $1; viewer = $2; json = $3
      if (!(cam in seenCam)) { seenCam[cam] = 1; cams[++nc] = cam }
      if (!(viewer in seenViewer)) { seenViewer[viewer] = 1; viewers[++nv] = viewer }
      path = get(json, "path")
      if (path == "") { cell = "**failed** " get(json, "error") }
      else {
        first = get(json, "connectPath"); change = get(json, "pathChangeMs")
        cell = (first != path && change != "null" ? first "→" path " @" change : path) " " get(json, "pathMs") "/" get(json, "firstFrameMs")
      }
      cells[cam, viewer] = cell
    }
    END {
      printf "| camera \\ viewer |"; for (j = 1; j <= nv; j++) printf " %s |", viewers[j]; print ""
      printf "|---|"; for (j = 1; j <= nv; j++) printf "---|"; print ""
      for (i = 1; i <= nc; i++) {
        printf "| **%s** |", cams[i]
        for (j = 1; j <= nv; j++) printf " %s |", cells[cams[i], viewers[j]]
        print ""
      }
    }' "$tsv"
}

ms_now() { date +%s%3N; }
# Epoch ms of the first camera log line matching PATTERN at or after epoch ms SINCE (log times are local HH:MM:SS.mmm).
log_time_after() {
  local log=$1 pattern=$2 since=$3 line t
  while read -r line; do
    t=$(date -d "$(date +%F) ${line%% *}" +%s%3N 2>/dev/null) || continue
    [ "$t" -ge "$since" ] && { echo "$t"; return; }
  done < <(grep -a "$pattern" "$log")
  echo ""
}

# log_time_after, polled every 0.1 s up to TRIES times: prints the time, or nothing when it never came.
await_log_time_after() {
  local log=$1 pattern=$2 since=$3 tries=$4 i t=""
  for ((i = 0; i < tries; i++)); do
    t=$(log_time_after "$log" "$pattern" "$since")
    [ -n "$t" ] && break
    sleep 0.1
  done
  echo "$t"
}

# Survival scenarios, each with a running stream from c-CAM to v-VIEWER (a probe of ~20 s):
#   cloud-restart  the cloud is killed 2 s after the stream is live and started again 4 s later:
#                  the stream must not lose a frame; the camera must register again within 5 s of
#                  the cloud's return
#   flush          conntrack -F in the camera's and the viewer's NAT 2 s after the stream is live:
#                  the stream must recover (largest gap between frames) within 3 s
#   udp-outage     the camera's router drops its UDP to the cloud 2 s after the stream is live,
#                  until the camera moves to TCP, then lets it through again: the stream (direct)
#                  must not notice; the camera must register over TCP, and be back on UDP (its
#                  probe answered, PROTOCOL.md §3.1) within a minute and a bit, registered there
#                  (the probe of ~20 s ends long before: the figures come from the camera's log)
# Prints one line per scenario with the probe's JSON and the measured figures.
survive() {
  local scenario=$1 cam=${2:-easy} viewer=${3:-easy} frames=300 probe_out="$LOGS/survive-probe.json"
  ensure_up
  start_cloud
  start_camera "c-$cam" || die "camera did not register"
  local t0; t0=$(ms_now)
  ( FRAMES=$frames PROBE_TIMEOUT=40 probe_from "v-$viewer" >"$probe_out" ) &
  local probe=$!
  # The outage must hit a live stream: a probe JVM starting slowly on a loaded machine would
  # otherwise meet the outage before its stream and test nothing (or, after a restart, find a
  # cloud the camera has not registered with yet). Then 2 s of stream before the outage.
  [ -n "$(await_log_time_after "$LOGS/camera-c-$cam.log" "live via" "$t0" 300)" ] ||
    echo "natlab: the stream was not live 30 s after the probe started" >&2
  sleep 2
  local extra=""
  case $scenario in
    cloud-restart)
      stop_pid "$CLOUD_PID"
      local down; down=$(ms_now)
      sleep 4
      start_cloud
      # The cloud is back when it logs that it listens again, not when its JVM is launched (seconds
      # apart on a loaded machine): the camera's time to register again counts from that line's time.
      # (The log's lines start with the date; the old cloud's line may be read before the new
      # cloud's launch truncates the file, hence the time check.)
      local i line back=""
      for i in $(seq 300); do
        line=$(grep -a -m1 "p2pcam cloud listening" "$LOGS/cloud.log" || true)
        back=$(date -d "$(cut -d' ' -f1,2 <<<"$line")" +%s%3N 2>/dev/null) || back=""
        [ -n "$back" ] && [ "$back" -ge "$down" ] && break
        back=""
        sleep 0.1
      done
      [ -n "$back" ] || back=$(ms_now) # never listened: the camera's figure then says "never"
      local reregistered
      reregistered=$(await_log_time_after "$LOGS/camera-c-$cam.log" "registered with the cloud" "$back" 150)
      extra="cloudDownMs=$((back - down)) reregisterAfterReturnMs=$([ -n "$reregistered" ] && echo $((reregistered - back)) || echo never)"
      ;;
    flush)
      local side flushes=0
      for side in "c-$cam" "v-$viewer"; do
        local nat
        for nat in "$side-nat" "$side-cgn"; do
          if ip netns list | awk '{print $1}' | grep -qx "$PREFIX$nat"; then
            in_ns "$nat" conntrack -F >/dev/null 2>&1 || die "conntrack -F failed in $nat"
            flushes=$((flushes + 1))
          fi
        done
      done
      local flushed; flushed=$(ms_now)
      extra="flushedAtMs=$((flushed - t0)) natsFlushed=$flushes"
      ;;
    udp-outage)
      local nat="c-$cam-nat"
      in_ns "$nat" nft add table inet p2l-udp-outage
      in_ns "$nat" nft add chain inet p2l-udp-outage forward '{ type filter hook forward priority -10; }'
      in_ns "$nat" nft add rule inet p2l-udp-outage forward ip daddr "$CLOUD_IP" udp dport "$CLOUD_PORT" drop
      local blocked moved restored back again cam_log="$LOGS/camera-c-$cam.log"
      blocked=$(ms_now)
      # The next keepalive is up to 8 s away, then 1.9 s of unanswered sends.
      moved=$(await_log_time_after "$cam_log" "trying TCP" "$blocked" 300)
      local over_tcp; over_tcp=$(await_log_time_after "$cam_log" "registered with the cloud" "${moved:-$blocked}" 100)
      in_ns "$nat" nft delete table inet p2l-udp-outage
      restored=$(ms_now)
      back=$(await_log_time_after "$cam_log" "answers over UDP again" "$restored" 900)
      again=$([ -n "$back" ] && await_log_time_after "$cam_log" "registered with the cloud" "$back" 100 || true)
      extra="tcpAfterBlockMs=${moved:+$((moved - blocked))} registeredOverTcpAfterMs=${over_tcp:+$((over_tcp - moved))}"
      extra="$extra backOnUdpAfterRestoreMs=${back:+$((back - restored))} registeredOverUdpAfterMs=${again:+$((again - back))}"
      ;;
    *) die "unknown scenario $scenario (cloud-restart, flush, udp-outage)" ;;
  esac
  wait "$probe" || true
  if [ "$scenario" = flush ]; then
    # A NAT that hands out a new port after the flush moves the camera: it must register again.
    local again; again=$(log_time_after "$LOGS/camera-c-$cam.log" "registered with the cloud" "$flushed")
    extra="$extra reregisterAfterFlushMs=${again:+$((again - flushed))}"
  fi
  printf '%s\t%s:%s\t%s\t%s\n' "$scenario" "$cam" "$viewer" "$extra" "$(cat "$probe_out")"
  stop_pid "$CAMERA_PID"
  stop_pid "$CLOUD_PID"
}

# A viewer on c-CAM's LAN (c-CAM-n) while that LAN's router forwards nothing (the internet and so
# the cloud are out of reach): the probe must find the camera by mDNS and connect directly
# ("rendezvous":"lan"). mdns-blocked also drops mDNS (UDP 5353) on the LAN's bridge: the probe must
# say why it cannot find the camera. Prints "lan SCENARIO CAM JSON".
lan() {
  local scenario=$1 cam=${2:-easy} nat="c-${2:-easy}-nat"
  ensure_up
  start_cloud # running, but out of reach: the router drops everything it would forward
  in_ns "$nat" nft add table inet p2l-offline
  in_ns "$nat" nft add chain inet p2l-offline forward '{ type filter hook forward priority -10; }'
  # Only what crosses the WAN: bridged LAN traffic passes this hook too (br_netfilter).
  in_ns "$nat" nft add rule inet p2l-offline forward iifname wan drop
  in_ns "$nat" nft add rule inet p2l-offline forward oifname wan drop
  case $scenario in
    no-internet) ;;
    mdns-blocked)
      in_ns "$nat" nft add table bridge p2l-mdns
      in_ns "$nat" nft add chain bridge p2l-mdns forward '{ type filter hook forward priority 0; }'
      in_ns "$nat" nft add rule bridge p2l-mdns forward udp dport 5353 drop
      ;;
    *) die "unknown lan scenario $scenario (no-internet, mdns-blocked)" ;;
  esac
  start_camera "c-$cam" || true # it cannot register: expected
  local i
  for i in $(seq 100); do grep -q "announced on the LAN" "$LOGS/camera-c-$cam.log" && break; sleep 0.1; done
  printf 'lan\t%s\t%s\t%s\n' "$scenario" "$cam" "$(probe_from "c-$cam-n")"
  stop_pid "$CAMERA_PID"
  stop_pid "$CLOUD_PID"
  in_ns "$nat" nft delete table inet p2l-offline
  [ "$scenario" != mdns-blocked ] || in_ns "$nat" nft delete table bridge p2l-mdns
}

# N attempts of one pair, each a fresh camera process and probe; prints each result line and a
# summary: the path each attempt ended on and, for upgrades, when the direct path came.
repeat_pair() {
  local pair=$1 n=$2 i
  for i in $(seq "$n"); do
    pairs "$pair"
  done
}

[ "$(id -u)" -eq 0 ] || die "the NAT lab needs root (network namespaces and nftables)"
for tool in ip nft conntrack; do command -v $tool >/dev/null || die "$tool is missing (apt-get install iproute2 nftables conntrack)"; done
command=${1:-}; [ $# -gt 0 ] && shift
case $command in
  up) up ;;
  down) down ;;
  check) check "$@" ;;
  grid) grid "$@" ;;
  pairs) pairs "$@" ;;
  survive) survive "$@" ;;
  lan) lan "$@" ;;
  repeat) repeat_pair "$@" ;;
  table) table ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
