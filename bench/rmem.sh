# Sourced by bench/cloud-load.sh and bench/restart-storm-e2e.sh (not run): RMEM_MAX=BYTES raises the
# kernel's cap on a socket's receive buffer (net.core.rmem_max) to BYTES for the run when it is lower,
# and raise_rmem_restore puts the old value back (call it from the script's EXIT trap). Needs root;
# without RMEM_MAX nothing changes. This is the admin setting of docs/ADMIN.md ("UDP receive buffer"):
# the cloud's --udp-receive-buffer is granted only up to the cap, and the buffer is what rides out a
# pause of the event loop (a young GC) without losing datagrams.
RMEM_BEFORE=$(sysctl -n net.core.rmem_max 2>/dev/null || echo 0)
RMEM_RAISED=0
raise_rmem() {
  if [ -n "${RMEM_MAX:-}" ] && [ "$RMEM_MAX" -gt "$RMEM_BEFORE" ]; then
    sysctl -qw net.core.rmem_max="$RMEM_MAX" || { echo "cannot raise net.core.rmem_max to $RMEM_MAX (root?)" >&2; return 1; }
    RMEM_RAISED=1
  fi
}
raise_rmem_restore() {
  if [ "$RMEM_RAISED" = 1 ]; then sysctl -qw net.core.rmem_max="$RMEM_BEFORE" || true; RMEM_RAISED=0; fi
}
