package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a camera again after a failure. A tile never gives up on a camera the user added (as
 * an NVR's channel does not): exponential backoff with jitter, capped, for what may heal by itself
 * (offline, unreachable, lost, a refused handshake: a clock that gets corrected, a cloud that stops
 * lying), a fixed wait where the camera told us one, and a long wait where only a person can help
 * (a wrong password, a revoked viewer): the user's retry goes at once, the long wait only brings the
 * tile back if the camera changed its mind.
 */
public final class RetryPolicy {
    /**
     * The long wait after the camera refused our password or our key: longer than the 15 min after
     * which a camera forgets wrong passwords (docs/PROTOCOL.md §10.1 step 4), so a tile retrying a
     * wrong password on its own never pushes the camera into making every new viewer wait.
     */
    public static final Duration REFUSAL_WAIT = Duration.ofMinutes(20);

    /** The defaults: 1 s doubling to 30 s, ±20 % jitter, 60 s after a lock-out, 20 min after a refusal. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, Duration.ofSeconds(60));

    private final long firstMillis;
    private final long maxMillis;
    private final double jitter;
    private final long lockoutMillis;
    private final long refusalMillis;

    public RetryPolicy(Duration first, Duration max, double jitter, Duration lockout) {
        this(first, max, jitter, lockout, REFUSAL_WAIT);
    }

    /**
     * @param refusal the wait after a wrong password or a refused key, before jitter that only
     *     lengthens it (it is meant to be at least this long)
     */
    public RetryPolicy(Duration first, Duration max, double jitter, Duration lockout, Duration refusal) {
        if (first.isNegative()
                || first.isZero()
                || max.compareTo(first) < 0
                || jitter < 0
                || jitter >= 1
                || refusal.compareTo(first) < 0) {
            throw new IllegalArgumentException(
                    "retry policy " + first + ".." + max + " jitter " + jitter + " refusal " + refusal);
        }
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.lockoutMillis = lockout.toMillis();
        this.refusalMillis = refusal.toMillis();
    }

    /** What a failure means for the tile. */
    public static ConnectionState stateOf(ViewerFailure failure) {
        return switch (failure) {
            case CAMERA_UNAVAILABLE -> ConnectionState.OFFLINE;
            case AUTH_FAILED -> ConnectionState.WRONG_PASSWORD;
            case PASSWORD_NEEDED -> ConnectionState.PASSWORD_NEEDED;
            case TOO_MANY_ATTEMPTS -> ConnectionState.LOCKED_OUT;
            case CAMERA_BUSY -> ConnectionState.BUSY;
            case CLOUD_LIED -> ConnectionState.NOT_AUTHENTIC;
            case HANDSHAKE_FAILED -> ConnectionState.REFUSED;
            case RATE_LIMITED -> ConnectionState.CLOUD_LIMITED;
            case PUNCH_FAILED, TIMEOUT, NETWORK_ERROR, CONNECTION_LOST -> ConnectionState.UNREACHABLE;
        };
    }

    /**
     * Whether a change of this computer's network (back after an outage, another network, a VPN
     * up, a resume from sleep) may mend {@code failure}: those the tile shows as unreachable, and
     * the cloud's limit on this network (another network is another source to the cloud, with
     * budgets of its own). Not a
     * refusal or a lock-out the camera decided, nor an offline camera (the cloud answered us, so our
     * network worked).
     */
    public static boolean networkMayMend(ViewerFailure failure) {
        ConnectionState state = stateOf(failure);
        return state == ConnectionState.UNREACHABLE || state == ConnectionState.CLOUD_LIMITED;
    }

    /**
     * The wait before the next automatic attempt, never negative: no failure stops the tile for good.
     *
     * @param failure why the last attempt ended
     * @param failuresInARow failures since the last live session or manual retry, from 1
     */
    public long delayMillis(ViewerFailure failure, int failuresInARow, RandomGenerator random) {
        return switch (failure) {
            // Only a person can mend these; retrying soon would cost the camera's wrong-password budget.
            case AUTH_FAILED, PASSWORD_NEEDED ->
                refusalMillis + Math.round(refusalMillis * jitter * random.nextDouble());
            case TOO_MANY_ATTEMPTS -> lockoutMillis;
            // A session that was live and dropped: the camera is probably still there, go at once.
            case CONNECTION_LOST -> failuresInARow <= 1 ? 0 : backoff(failuresInARow - 1, random);
            default -> backoff(failuresInARow, random);
        };
    }

    private long backoff(int failuresInARow, RandomGenerator random) {
        int doublings = Math.min(Math.max(failuresInARow - 1, 0), 20);
        long base = Math.min(maxMillis, firstMillis << doublings);
        double spread = 1 + jitter * (2 * random.nextDouble() - 1);
        return Math.max(1, Math.round(base * spread));
    }
}
