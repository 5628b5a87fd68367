package io.p2pcam.cloud.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What the rendezvous core needs to know, validated once. Built by the composition root from
 * flags, a config file and the environment; {@link #defaults()} is what a plain start uses.
 *
 * @param keepaliveInterval how often cameras are told to keep alive (jittered ±10 % per camera)
 * @param missedKeepalives how many intervals without a keepalive before a camera is offline
 * @param challengeLifetime how long a registration cookie stays valid
 * @param connectTimeout how long the cloud waits for a camera's answer before telling the viewer "unavailable"
 * @param registrationRate per source address: REGISTER_HELLO and REGISTER messages
 * @param requestRate per source address: LOOKUP and CONNECT_REQUEST messages
 * @param maxCameras registrations held at most
 * @param maxPendingConnects connect requests awaiting a camera's answer at most
 * @param relay whether the cloud relays, and its caps ({@link RelayLimits#OFF} by default)
 * @param quotas what one party may hold at once, and the budget of signature checks
 */
public record CloudConfig(
        Duration keepaliveInterval,
        int missedKeepalives,
        Duration challengeLifetime,
        Duration connectTimeout,
        RateLimit registrationRate,
        RateLimit requestRate,
        int maxCameras,
        int maxPendingConnects,
        RelayLimits relay,
        Quotas quotas) {

    /** A token bucket: {@code perSecond} sustained, {@code burst} at once. */
    public record RateLimit(double perSecond, int burst) {
        public RateLimit {
            if (perSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1");
            }
        }
    }

    public CloudConfig {
        requirePositive(keepaliveInterval, "keepalive interval");
        requirePositive(challengeLifetime, "challenge lifetime");
        requirePositive(connectTimeout, "connect timeout");
        if (keepaliveInterval.toMillis() < 1000 || keepaliveInterval.toSeconds() > 3600) {
            throw new IllegalArgumentException(
                    "keepalive interval must be between 1 s and 1 h, not " + keepaliveInterval);
        }
        if (missedKeepalives < 1) {
            throw new IllegalArgumentException("missed keepalives must be at least 1");
        }
        Objects.requireNonNull(relay, "relay limits (RelayLimits.OFF for none)");
        Objects.requireNonNull(quotas, "quotas (Quotas.defaults())");
        if (maxCameras < 1 || maxPendingConnects < 1) {
            throw new IllegalArgumentException("table sizes must be positive");
        }
    }

    public static CloudConfig defaults() {
        return new CloudConfig(
                Duration.ofSeconds(20),
                3,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                new RateLimit(20, 60),
                new RateLimit(20, 60),
                2_000_000,
                100_000,
                RelayLimits.OFF,
                Quotas.defaults());
    }

    /** How long after its last keepalive a camera counts as offline: the missed intervals plus one interval's jitter. */
    public Duration expiry() {
        return keepaliveInterval.multipliedBy(missedKeepalives).plus(keepaliveInterval.dividedBy(4));
    }

    /**
     * What each of {@code loops} cores of one node holds: the table and pending-connect capacities
     * are split (cameras spread evenly by their ID's hash); rates and per-party caps apply per core.
     */
    public CloudConfig perCore(int loops) {
        if (loops == 1) {
            return this;
        }
        return new CloudConfig(
                keepaliveInterval,
                missedKeepalives,
                challengeLifetime,
                connectTimeout,
                registrationRate,
                requestRate,
                Math.ceilDiv(maxCameras, loops),
                Math.ceilDiv(maxPendingConnects, loops),
                relay,
                quotas);
    }

    /** Whether REGISTERED advertises a relay (flag bit 0) and connects get relay tickets. */
    public boolean relayAvailable() {
        return relay.enabled();
    }

    public CloudConfig withRelay(RelayLimits limits) {
        return new CloudConfig(
                keepaliveInterval,
                missedKeepalives,
                challengeLifetime,
                connectTimeout,
                registrationRate,
                requestRate,
                maxCameras,
                maxPendingConnects,
                limits,
                quotas);
    }

    public CloudConfig withKeepaliveInterval(Duration interval) {
        return new CloudConfig(
                interval,
                missedKeepalives,
                challengeLifetime,
                connectTimeout,
                registrationRate,
                requestRate,
                maxCameras,
                maxPendingConnects,
                relay,
                quotas);
    }

    public CloudConfig withRates(RateLimit registration, RateLimit request) {
        return new CloudConfig(
                keepaliveInterval,
                missedKeepalives,
                challengeLifetime,
                connectTimeout,
                registration,
                request,
                maxCameras,
                maxPendingConnects,
                relay,
                quotas);
    }

    public CloudConfig withMaxCameras(int max) {
        return new CloudConfig(
                keepaliveInterval,
                missedKeepalives,
                challengeLifetime,
                connectTimeout,
                registrationRate,
                requestRate,
                max,
                maxPendingConnects,
                relay,
                quotas);
    }

    public CloudConfig withQuotas(Quotas limits) {
        return new CloudConfig(
                keepaliveInterval,
                missedKeepalives,
                challengeLifetime,
                connectTimeout,
                registrationRate,
                requestRate,
                maxCameras,
                maxPendingConnects,
                relay,
                limits);
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
