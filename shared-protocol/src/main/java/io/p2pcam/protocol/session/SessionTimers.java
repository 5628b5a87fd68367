package io.p2pcam.protocol.session;

/**
 * Every timer of a secure session, in one place (docs/PROTOCOL.md §10.4). Probing follows ICE's
 * pacing (RFC 8445 §14: one check every 50 ms); liveness follows consent freshness (RFC 7675)
 * scaled down so that a dead path is noticed within about five seconds.
 *
 * @param probeIntervalMillis gap between two probes while punching
 * @param punchTimeoutMillis give up punching after this long without an authenticated reply
 * @param keepaliveMillis send a keepalive when nothing else was sent for this long; it also keeps
 *        the NAT mappings of the path open, so it must stay well under the shortest NAT UDP
 *        timeout met in practice (10 s in the lab's short-mapping profile; RFC 4787 asks for 2 min)
 * @param silenceMillis close when nothing authenticated arrived for this long
 * @param relayAfterMillis start probing through the relay when no direct path answered this long
 *        after the start (the pair may still go direct later: the relay is an upgrade's start)
 * @param searchIntervalMillis gap between two background probes of direct candidates while the
 *        session runs over the relay or its path has gone quiet
 * @param quietPathMillis a path from which nothing arrived for this long is searched around (the
 *        peer sends at least a keepalive a second, so two missed ones mean a broken mapping)
 * @param viewerFollowsAfterMillis the viewer follows the camera to a new address only once nothing
 *        came from its path for this long (the camera follows the viewer at once): longer than any
 *        round trip in which the camera follows, shorter than the quiet path
 */
public record SessionTimers(
        long probeIntervalMillis,
        long punchTimeoutMillis,
        long keepaliveMillis,
        long silenceMillis,
        long relayAfterMillis,
        long searchIntervalMillis,
        long quietPathMillis,
        long viewerFollowsAfterMillis) {
    public static final SessionTimers DEFAULT = new SessionTimers(50, 10_000, 1_000, 5_000, 1_000, 250, 2_200, 1_000);

    /** These timers, with the relay probed from the start (a side whose cloud answers over TCP only). */
    public SessionTimers withRelayAtOnce() {
        return new SessionTimers(
                probeIntervalMillis,
                punchTimeoutMillis,
                keepaliveMillis,
                silenceMillis,
                0,
                searchIntervalMillis,
                quietPathMillis,
                viewerFollowsAfterMillis);
    }
}
