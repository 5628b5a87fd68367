package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.pairing.TokenBucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link TokenBucket} per viewer static key, kept across that key's sessions: a budget a viewer
 * cannot refill by reconnecting (one viewer installation has one static key for all its connects,
 * decision 0064). The sessions of a key open at once share its bucket.
 *
 * <p>At most {@code maxKeys} keys are remembered, the least recently used forgotten: a forgotten
 * key's bucket starts full again, which only a flood of distinct admitted keys achieves (each one
 * a pairing or a password, and a viewer slot while its session lasts). Not thread-safe: the camera
 * endpoint's thread drives it.
 */
final class TokenBucketsPerKey {
    private final int capacity;
    private final long refillMillis;
    private final Map<Bytes, TokenBucket> buckets;

    TokenBucketsPerKey(int capacity, long refillMillis, int maxKeys) {
        this.capacity = capacity;
        this.refillMillis = refillMillis;
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, TokenBucket> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** The bucket of {@code viewerKey}, full if the key is new (or forgotten). */
    TokenBucket of(Bytes viewerKey, long now) {
        return buckets.computeIfAbsent(viewerKey, key -> new TokenBucket(capacity, refillMillis, now));
    }
}
