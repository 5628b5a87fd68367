package io.p2pcam.cloud.core;

import java.time.Duration;

/**
 * What the relay may cost, per session, per party and in all (docs/PROTOCOL.md §7). The relay is
 * off unless an admin turns it on ({@code --relay}): it is the one part of the cloud whose cost
 * grows with video, not with cameras.
 *
 * <p>A session's bandwidth is held by two token buckets: a peak rate one second deep (keyframe
 * bursts) and an average rate over a longer window (what the session may cost over time). A
 * stream within the average is relayed for as long as it lasts; there is no lifetime total.
 *
 * @param enabled whether the cloud relays at all (and says so in REGISTERED's flags)
 * @param peakBytesPerSecond the most a session may forward in any one second
 * @param averageBytesPerSecond what a session may forward on average over {@code averageWindow}
 * @param averageWindow the window of the average: a session may spend {@code average × window} above the average rate before being held to it
 * @param idle a session nobody sent through for this long is forgotten
 * @param maxSessions relay sessions held at most; connects beyond get no relay grant (they may still go direct)
 * @param maxSessionsPerCamera relay sessions one camera (by ID) takes part in at most
 * @param maxSessionsPerSource relay sessions whose viewer is at one IPv4 address or IPv6 /64 at most; four
 *     times that in one /56 and sixteen times in one /48. Counted once the viewer proved its address;
 *     sessions whose viewer has not are counted apart under the same caps ({@link RelayQuotas})
 */
public record RelayLimits(
        boolean enabled,
        long peakBytesPerSecond,
        long averageBytesPerSecond,
        Duration averageWindow,
        Duration idle,
        int maxSessions,
        int maxSessionsPerCamera,
        int maxSessionsPerSource) {
    /** No relay. */
    public static final RelayLimits OFF =
            new RelayLimits(false, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 1, 1);

    public RelayLimits {
        if (peakBytesPerSecond < 1
                || averageBytesPerSecond < 1
                || averageBytesPerSecond > peakBytesPerSecond
                || maxSessions < 1
                || maxSessionsPerCamera < 1
                || maxSessionsPerSource < 1) {
            throw new IllegalArgumentException(
                    "relay limits must be positive, and the average rate no higher than the peak");
        }
        requirePositive(averageWindow, "average window");
        requirePositive(idle, "idle time");
    }

    /**
     * On, with room for a 720p stream (2 Mbit/s typical here) and its keyframe bursts: 32 Mbit/s
     * peak and 8 Mbit/s on average over a minute per session, forgotten after 30 s of silence,
     * 10 000 sessions at once, 16 per camera and 16 per viewer address.
     */
    public static RelayLimits on() {
        return new RelayLimits(
                true, 4_000_000, 1_000_000, Duration.ofMinutes(1), Duration.ofSeconds(30), 10_000, 16, 16);
    }

    public RelayLimits withSessions(int max, int perCamera, int perSource) {
        return new RelayLimits(
                enabled, peakBytesPerSecond, averageBytesPerSecond, averageWindow, idle, max, perCamera, perSource);
    }

    public RelayLimits withRates(long peak, long average) {
        return new RelayLimits(
                enabled, peak, average, averageWindow, idle, maxSessions, maxSessionsPerCamera, maxSessionsPerSource);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("relay " + name + " must be positive");
        }
    }
}
