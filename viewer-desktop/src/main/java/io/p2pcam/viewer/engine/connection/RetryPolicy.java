package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a camera again after a failure: exponential backoff with jitter for what may heal
 * by itself (offline, unreachable, lost), a fixed wait where the camera told us one, and no
 * automatic retry where retrying cannot help or would hurt (a wrong password would only lock us
 * out; a cloud that lied is not to be asked again without the user).
 */
public final class RetryPolicy {
    /** The defaults: 1 s doubling to 30 s, ±20 % jitter, 60 s after a lock-out. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2, Duration.ofSeconds(60));

    private final long firstMillis;
    private final long maxMillis;
    private final double jitter;
    private final long lockoutMillis;

    public RetryPolicy(Duration first, Duration max, double jitter, Duration lockout) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("retry policy " + first + ".." + max + " jitter " + jitter);
        }
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.lockoutMillis = lockout.toMillis();
    }

    /** What a failure means for the tile. */
    public static ConnectionState stateOf(ViewerFailure failure) {
        return switch (failure) {
            case CAMERA_UNAVAILABLE -> ConnectionState.OFFLINE;
            case AUTH_FAILED -> ConnectionState.WRONG_PASSWORD;
            case PASSWORD_NEEDED -> ConnectionState.PASSWORD_NEEDED;
            case TOO_MANY_ATTEMPTS -> ConnectionState.LOCKED_OUT;
            case CAMERA_BUSY -> ConnectionState.BUSY;
            case CLOUD_LIED, HANDSHAKE_FAILED -> ConnectionState.NOT_AUTHENTIC;
            case PUNCH_FAILED, RATE_LIMITED, TIMEOUT, NETWORK_ERROR, CONNECTION_LOST -> ConnectionState.UNREACHABLE;
        };
    }

    /**
     * The wait before the next automatic attempt, or -1 for none.
     *
     * @param failure why the last attempt ended
     * @param failuresInARow failures since the last live session or manual retry, from 1
     */
    public long delayMillis(ViewerFailure failure, int failuresInARow, RandomGenerator random) {
        return switch (failure) {
            case AUTH_FAILED, PASSWORD_NEEDED, CLOUD_LIED, HANDSHAKE_FAILED -> -1;
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
