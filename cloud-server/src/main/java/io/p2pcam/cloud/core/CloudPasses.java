package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.pairing.HandshakeEnvelope;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The cloud's side of cloud passes (docs/PROTOCOL.md §5.3): derives each camera's pass key from the
 * node's pass secret, and checks the pass a paired viewer presents in its CONNECT_REQUEST, so that
 * the broker can let it past the strangers' cap on the camera ({@link CameraConnectCap}).
 *
 * <pre>
 * camera pass key = first 16 bytes of HMAC-SHA256(pass secret, "p2pcam camera pass v2\0" ‖ camera ID (15))
 * </pre>
 *
 * From the camera's ID, not its key: the ID is bound to the key (§2), and a node of a cluster can
 * then check a pass for a camera it does not hold before it reads the camera's entry from the
 * registry, so a paired viewer's request need not wait on the reads a flood spends (decision 0050).
 *
 * A pass passes when its tag verifies under the pass key the cloud recomputes, the handshake's
 * timestamp lies within {@value #WINDOW_SECONDS} s of the wall clock and is later than the last
 * one this pass passed with (a copy seen on the wire does not pass twice), and the pass has a token
 * in its bucket ({@value #BURST} at once, then one a second: a stolen pass is worth little). Nothing
 * per camera is stored but those buckets; a pass that does not pass only loses its priority. Two
 * HMACs and one SHA-256 worth of work per presented pass. Not thread-safe.
 */
final class CloudPasses {
    static final int WINDOW_SECONDS = 120;
    static final int BURST = 4;
    static final int PER_SECOND = 1;
    static final int MAX_TRACKED = 100_000;
    private static final byte[] CONTEXT = "p2pcam camera pass v2\0".getBytes(StandardCharsets.US_ASCII);

    private record Key(CameraId camera, long passId) {}

    private static final class Bucket {
        double tokens = BURST;
        long refilledAt;
        long newestTimestamp = Long.MIN_VALUE;
    }

    private final Mac secret;
    private final long wallOffsetMillis;
    private final Map<Key, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Bucket> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    CloudPasses(Bytes passSecret, long wallOffsetMillis) {
        try {
            this.secret = Mac.getInstance("HmacSHA256");
            secret.init(new SecretKeySpec(passSecret.toArray(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
        this.wallOffsetMillis = wallOffsetMillis;
    }

    /** The pass key of camera {@code id}: sealed to it in REGISTERED, recomputed here for each pass. */
    Bytes cameraPassKey(CameraId id) {
        secret.update(CONTEXT);
        return Bytes.of(Arrays.copyOf(secret.doFinal(id.toBytes()), CloudPass.CAMERA_KEY_BYTES));
    }

    /** Checks the pass {@code request} presents for its camera; a pass only spends its bucket. */
    PassVerdict check(ConnectRequest request, long now) {
        if (!request.pass().present()) {
            return PassVerdict.NONE;
        }
        Bytes passKey =
                CloudPass.passKey(cameraPassKey(request.id()), request.pass().passId());
        Bytes tag = CloudPass.tag(passKey, CloudCodec.passCoveredBytes(request));
        if (!tag.equalsConstantTime(request.pass().tag().toArray(), 0, CloudPass.TAG_BYTES)) {
            return PassVerdict.FORGED;
        }
        HandshakeEnvelope envelope =
                HandshakeEnvelope.decode(request.handshake().toArray());
        long wallNanos = (now + wallOffsetMillis) * 1_000_000;
        long window = WINDOW_SECONDS * 1_000_000_000L;
        if (envelope == null
                || envelope.timestampNanos() == Long.MIN_VALUE // not a TAI64N timestamp
                || Math.abs(envelope.timestampNanos() - wallNanos) > window) {
            return PassVerdict.STALE;
        }
        Bucket bucket =
                buckets.computeIfAbsent(new Key(request.id(), request.pass().passId()), k -> newBucket(now));
        if (envelope.timestampNanos() <= bucket.newestTimestamp) {
            return PassVerdict.STALE;
        }
        bucket.tokens = Math.min(BURST, bucket.tokens + (now - bucket.refilledAt) * PER_SECOND / 1000.0);
        bucket.refilledAt = now;
        if (bucket.tokens < 1) {
            return PassVerdict.OVER_RATE;
        }
        bucket.tokens -= 1;
        bucket.newestTimestamp = envelope.timestampNanos();
        return PassVerdict.PASSED;
    }

    /**
     * The pass of {@code request}, which {@link #check}ed {@link PassVerdict#PASSED}, with until when
     * (the core's clock) its handshake's timestamp stays within the window: what its repeats may keep.
     */
    VerifiedPass verified(ConnectRequest request) {
        HandshakeEnvelope envelope =
                HandshakeEnvelope.decode(request.handshake().toArray());
        if (envelope == null) {
            throw new IllegalStateException("a passed request has a handshake envelope");
        }
        long stampedAt = Math.floorDiv(envelope.timestampNanos(), 1_000_000) - wallOffsetMillis;
        return new VerifiedPass(request.pass(), stampedAt + WINDOW_SECONDS * 1_000L);
    }

    private static Bucket newBucket(long now) {
        Bucket bucket = new Bucket();
        bucket.refilledAt = now;
        return bucket;
    }
}
