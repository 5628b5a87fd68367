package io.p2pcam.protocol.session;

/**
 * Every timer of a secure session, in one place (docs/PROTOCOL.md §10.4). Probing follows ICE's
 * pacing (RFC 8445 §14: one check every 50 ms); liveness follows consent freshness (RFC 7675)
 * scaled down so that a dead path is noticed within about five seconds.
 *
 * @param probeIntervalMillis gap between two probes while punching
 * @param punchTimeoutMillis give up punching after this long without an authenticated reply
 * @param keepaliveMillis send a keepalive when nothing else was sent for this long
 * @param silenceMillis close when nothing authenticated arrived for this long
 */
public record SessionTimers(long probeIntervalMillis, long punchTimeoutMillis, long keepaliveMillis, long silenceMillis) {
    public static final SessionTimers DEFAULT = new SessionTimers(50, 10_000, 1_000, 5_000);
}
