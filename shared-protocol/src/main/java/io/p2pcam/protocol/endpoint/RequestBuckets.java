package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets for requests that reach a camera directly on its LAN ({@link DirectRequests}): one
 * per source (an IPv4 address, or an IPv6 /64 since a household gets a whole /64) and one for the
 * camera. A request goes on only when both have a token; the least recently seen source is
 * forgotten when too many are tracked. Not thread-safe.
 */
final class RequestBuckets {
    private final DirectRequests.Limits limits;
    private final Bucket camera;
    private final Map<Bytes, Bucket> sources;

    RequestBuckets(DirectRequests.Limits limits, long now) {
        this.limits = limits;
        this.camera = new Bucket(limits.burst(), limits.refillMillis(), now);
        this.sources = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, Bucket> eldest) {
                return size() > limits.maxSources();
            }
        };
    }

    /** Takes a token for {@code source} and one for the camera, or neither. */
    boolean tryTake(InetAddress source, long now) {
        Bucket bucket = sources.computeIfAbsent(
                prefix(source), key -> new Bucket(limits.sourceBurst(), limits.sourceRefillMillis(), now));
        if (!bucket.has(now) || !camera.has(now)) {
            return false;
        }
        bucket.tokens--;
        camera.tokens--;
        return true;
    }

    private static Bytes prefix(InetAddress address) {
        byte[] raw = address.getAddress();
        return Bytes.of(address instanceof Inet6Address ? Arrays.copyOf(raw, 8) : raw);
    }

    /** Whole tokens, one more every {@code refillMillis} up to {@code capacity}. */
    private static final class Bucket {
        private final int capacity;
        private final long refillMillis;
        private int tokens;
        private long refilledAt;

        Bucket(int capacity, long refillMillis, long now) {
            this.capacity = capacity;
            this.refillMillis = refillMillis;
            this.tokens = capacity;
            this.refilledAt = now;
        }

        boolean has(long now) {
            long earned = (now - refilledAt) / refillMillis;
            if (earned > 0) {
                tokens = (int) Math.min(capacity, tokens + earned);
                refilledAt = tokens == capacity ? now : refilledAt + earned * refillMillis;
            }
            return tokens > 0;
        }
    }
}
