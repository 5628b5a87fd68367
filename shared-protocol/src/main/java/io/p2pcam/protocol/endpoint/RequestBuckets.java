package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.pairing.TokenBucket;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import java.net.InetAddress;
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
    private final TokenBucket camera;
    private final Map<Bytes, TokenBucket> sources;

    RequestBuckets(DirectRequests.Limits limits, long now) {
        this.limits = limits;
        this.camera = new TokenBucket(limits.burst(), limits.refillMillis(), now);
        this.sources = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Bytes, TokenBucket> eldest) {
                return size() > limits.maxSources();
            }
        };
    }

    /** Takes a token for {@code source} and one for the camera, or neither. */
    boolean tryTake(InetAddress source, long now) {
        TokenBucket bucket = sources.computeIfAbsent(
                UnpairedBudget.prefix(source),
                key -> new TokenBucket(limits.sourceBurst(), limits.sourceRefillMillis(), now));
        if (!bucket.has(now) || !camera.has(now)) {
            return false;
        }
        bucket.take();
        camera.take();
        return true;
    }
}
