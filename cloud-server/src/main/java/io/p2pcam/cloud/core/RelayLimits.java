package io.p2pcam.cloud.core;

import java.time.Duration;

/**
 * What the relay may cost, per session and in all (docs/PROTOCOL.md §7). The relay is off unless
 * an admin turns it on ({@code --relay}): it is the one part of the cloud whose cost grows with
 * video, not with cameras.
 *
 * @param enabled whether the cloud relays at all (and says so in REGISTERED's flags)
 * @param maxBytesPerSession a session is cut off after forwarding this many bytes
 * @param bytesPerSecond sustained forwarding rate per session; one second's worth may come at once
 * @param idle a session nobody sent through for this long is forgotten
 * @param maxSessions relay sessions held at most; connects beyond get no ticket (they may still go direct)
 */
public record RelayLimits(
        boolean enabled, long maxBytesPerSession, long bytesPerSecond, Duration idle, int maxSessions) {
    /** No relay. */
    public static final RelayLimits OFF = new RelayLimits(false, 1, 1, Duration.ofSeconds(1), 1);

    public RelayLimits {
        if (maxBytesPerSession < 1
                || bytesPerSecond < 1
                || maxSessions < 1
                || idle == null
                || idle.isNegative()
                || idle.isZero()) {
            throw new IllegalArgumentException("relay limits must be positive");
        }
    }

    /**
     * On, with room for a 720p stream (2 Mbit/s typical here) and its keyframe bursts: 4 MB/s
     * (32 Mbit/s) per session, 2 GB per session, forgotten after 30 s of silence, 10 000 at once.
     */
    public static RelayLimits on() {
        return new RelayLimits(true, 2_000_000_000L, 4_000_000, Duration.ofSeconds(30), 10_000);
    }
}
