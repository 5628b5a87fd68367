package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The camera's side of a direct connect on its LAN (docs/PROTOCOL.md §10.8): a viewer that found
 * the camera with mDNS sends it the LOOKUP and CONNECT_REQUEST it would send a cloud, and the
 * camera answers them itself with LOOKUP_RESULT (its own key) and CONNECT_RESULT (the handshake
 * reply). Sans I/O; not thread-safe (the camera's loop thread drives it).
 *
 * <p>The rules, each against amplification and floods (invariant 4): requests for another camera
 * ID are dropped unanswered; a reply is never larger than its request (the codec refuses unpadded
 * requests); every request takes a token from its source's bucket (an IPv4 address or IPv6 /64)
 * and from a camera-wide one, or is dropped; a retransmitted CONNECT_REQUEST (same source and
 * transaction within {@value #REMEMBER_MILLIS} ms) gets the same reply bytes again and never a
 * second handshake. The handshake itself then meets the same admission as a brokered one
 * (paired lane, unpaired budget per source: {@code CameraHandshake}).
 */
final class DirectRequests {
    /** How long a CONNECT_RESULT is kept for retransmitted requests, as the cloud keeps its results (§5.3). */
    static final long REMEMBER_MILLIS = 5_000;
    /** At most this many results are kept; the oldest is forgotten first. */
    static final int MAX_REMEMBERED = 64;

    /**
     * Token buckets: camera-wide {@code burst} then one per {@code refillMillis}; per source
     * {@code sourceBurst} then one per {@code sourceRefillMillis}; {@code maxSources} sources tracked.
     */
    record Limits(int burst, int refillMillis, int sourceBurst, int sourceRefillMillis, int maxSources) {
        /** 32 at once then 20/s camera-wide; 8 at once then 4/s per source; 256 sources. */
        static final Limits DEFAULTS = new Limits(32, 50, 8, 250, 256);
    }

    /** The camera's decision on one first message: accept, and the handshake blob for the viewer. */
    record Decision(boolean accept, Bytes handshake) {}

    /** Runs the camera's handshake on a first message from a viewer at {@code viewer} (its source). */
    interface Admitter {
        Decision admit(Bytes firstMessage, InetSocketAddress viewer, long now);
    }

    private record Key(InetSocketAddress source, long transaction) {}

    private record Remembered(byte[] reply, long at) {}

    private final CameraIdentity identity;
    private final RequestBuckets buckets;
    private final Map<Key, Remembered> results = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Remembered> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private long answered;
    private long limited;
    private long ignored;

    DirectRequests(CameraIdentity identity, Limits limits, long now) {
        this.identity = identity;
        this.buckets = new RequestBuckets(limits, now);
    }

    /**
     * Handles one cloud-format message that came straight from {@code from} (not from the cloud).
     *
     * @return the reply datagram for {@code from}, or null for none
     */
    byte[] handle(CloudMessage message, InetSocketAddress from, long now, Admitter admitter) {
        switch (message) {
            case CloudMessage.Lookup lookup
            when lookup.id().equals(identity.id()) -> {
                if (!buckets.tryTake(from.getAddress(), now)) {
                    limited++;
                    return null;
                }
                answered++;
                return CloudCodec.encode(new CloudMessage.LookupResult(lookup.transaction(), identity.publicKey()));
            }
            case CloudMessage.ConnectRequest request
            when request.id().equals(identity.id()) -> {
                if (!buckets.tryTake(from.getAddress(), now)) {
                    limited++;
                    return null;
                }
                Key key = new Key(from, request.transaction());
                Remembered earlier = results.get(key);
                if (earlier != null && now - earlier.at() < REMEMBER_MILLIS) {
                    return earlier.reply(); // a retransmission: the same answer, no second handshake
                }
                Decision decision = admitter.admit(request.handshake(), from, now);
                byte[] reply = CloudCodec.encode(new CloudMessage.ConnectResult(
                        request.transaction(),
                        decision.accept() ? ConnectStatus.ACCEPTED : ConnectStatus.REJECTED,
                        List.of(), // the camera's candidates travel in its welcome, encrypted (§10.1)
                        decision.handshake()));
                results.put(key, new Remembered(reply, now));
                answered++;
                return reply;
            }
            default -> {
                ignored++; // another camera's ID, or a message a camera never answers
                return null;
            }
        }
    }

    /** Requests answered (LOOKUP_RESULT or CONNECT_RESULT sent, retransmissions not counted). */
    long answered() {
        return answered;
    }

    /** Requests dropped by the rate limits. */
    long limited() {
        return limited;
    }

    /** Messages dropped because they were not a request for this camera. */
    long ignored() {
        return ignored;
    }
}
