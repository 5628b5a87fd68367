package io.p2pcam.protocol.pairing;

import io.p2pcam.protocol.cloud.Bytes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How many handshakes from viewers the camera does not know (no valid pairing tag) it works on
 * (docs/PROTOCOL.md §10.1): a camera-wide token bucket, a smaller bucket per source (an IPv4
 * address, or an IPv6 /64, since one household gets a whole /64), and after {@code freeFailures}
 * wrong passwords a camera-wide backoff that doubles with each further one, up to
 * {@code maxBackoffMillis}. A right password ends the backoff; so does a quiet spell of three
 * times the longest backoff. Checked before any X25519 work. Paired viewers never come here, so a
 * stranger's flood or a spoofed source address cannot lock them out.
 *
 * <p>Not thread-safe.
 */
public final class UnpairedBudget {
    /** The budget's knobs; {@link #DEFAULTS} suit a home camera. */
    public record Limits(
            int burst,
            long refillMillis,
            int sourceBurst,
            long sourceRefillMillis,
            int freeFailures,
            long maxBackoffMillis,
            int maxSources) {
        /** 8 at once then 2/s camera-wide; 4 at once then one per 5 s per source; 5 free failures; backoff ≤ 5 min. */
        public static final Limits DEFAULTS = new Limits(8, 500, 4, 5_000, 5, 300_000, 4096);
    }

    private final Limits limits;
    private final TokenBucket camera;
    private final Map<Bytes, TokenBucket> sources = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes, TokenBucket> eldest) {
            return size() > limits.maxSources();
        }
    };
    private int failures;
    private long lastFailure;

    public UnpairedBudget(Limits limits, long now) {
        this.limits = limits;
        this.camera = new TokenBucket(limits.burst(), limits.refillMillis(), now);
    }

    /**
     * Takes one attempt from the budget for {@code source} (the address the cloud reports), or says
     * how long to wait. Returns 0 when the attempt may go on, otherwise the milliseconds until
     * one might.
     */
    public long tryAcquire(InetAddress source, long now) {
        if (failures > 0 && now - lastFailure >= 3 * limits.maxBackoffMillis()) {
            failures = 0;
        }
        long backoffEnds = failures > limits.freeFailures() ? lastFailure + backoff() : now;
        if (backoffEnds > now) {
            return backoffEnds - now;
        }
        TokenBucket bucket = sources.computeIfAbsent(
                prefix(source), key -> new TokenBucket(limits.sourceBurst(), limits.sourceRefillMillis(), now));
        long wait = Math.max(bucket.waitMillis(now), camera.waitMillis(now));
        if (wait > 0) {
            return wait;
        }
        bucket.take();
        camera.take();
        return 0;
    }

    /** A wrong password: the next attempts wait longer. */
    public void failed(long now) {
        failures++;
        lastFailure = now;
    }

    /** A right password: the backoff is over. */
    public void succeeded() {
        failures = 0;
    }

    /** The current wait after the last failure (0 while failures are free). */
    long backoff() {
        int over = failures - limits.freeFailures();
        if (over <= 0) {
            return 0;
        }
        return over >= 20 ? limits.maxBackoffMillis() : Math.min(limits.maxBackoffMillis(), 1000L << (over - 1));
    }

    /** IPv4: the address; IPv6: its first 64 bits (the source a budget per source counts). */
    public static Bytes prefix(InetAddress address) {
        byte[] raw = address.getAddress();
        return Bytes.of(address instanceof Inet6Address ? Arrays.copyOf(raw, 8) : raw);
    }
}
