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
 * is stored but those buckets and marks ({@link PassMarks}: bounded, and a mark still inside its
 * window keeps protecting however many passes others make, decision 0060); a pass that does not
 * pass only loses its priority. Three HMACs worth of work per presented pass. Not thread-safe.
 */
final class CloudPasses {
    static final int WINDOW_SECONDS = 120;
    static final int BURST = 4;
    static final int PER_SECOND = 1;
    static final int MAX_TRACKED = 100_000;
    private static final byte[] CONTEXT = "p2pcam camera pass v2\0".getBytes(StandardCharsets.US_ASCII);

    /** Pass ids of one camera with a mark at once: far more viewers than a camera pairs with. */
    static final int MAX_PASS_IDS_PER_CAMERA = PassMarks.MAX_PER_CAMERA;

    private final Mac secret;
    private final long wallOffsetMillis;
    private final PassMarks marks = new PassMarks(MAX_TRACKED, MAX_PASS_IDS_PER_CAMERA);

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
        long timestamp = envelope.timestampNanos();
        PassMarks.Key key = new PassMarks.Key(request.id(), request.pass().passId());
        PassMarks.Mark mark = marks.find(key, now);
        if (mark == null) {
            // Its mark, if it had one, may have been dropped: it must beat the newest dropped from its slot.
            int slot = slotOf(passKey);
            if (timestamp <= marks.floor(slot)) {
                return PassVerdict.STALE;
            }
            if (!marks.roomFor(request.id())) {
                return PassVerdict.OVER_RATE; // the camera has its cap of pass ids marked
            }
            mark = marks.add(key, slot, BURST, now);
        } else if (timestamp <= mark.newestTimestamp) {
            return PassVerdict.STALE;
        }
        mark.tokens = Math.min(BURST, mark.tokens + (now - mark.refilledAt) * PER_SECOND / 1000.0);
        mark.refilledAt = now;
        if (mark.tokens < 1) {
            return PassVerdict.OVER_RATE;
        }
        mark.tokens -= 1;
        marks.passed(mark, timestamp, forgettableAt(timestamp, mark, now));
        return PassVerdict.PASSED;
    }

    /**
     * When forgetting a mark changes nothing: its timestamp is out of the window, so that any copy
     * is stale by its age alone (the window is compared strictly, hence the extra millisecond), and
     * its bucket is full again, so that a new one would be the same.
     */
    private long forgettableAt(long timestamp, PassMarks.Mark mark, long now) {
        long leavesWindow = Math.floorDiv(timestamp, 1_000_000) + 1 - wallOffsetMillis + WINDOW_SECONDS * 1_000L + 1;
        long bucketFull = now + (long) Math.ceil((BURST - mark.tokens) * 1000 / PER_SECOND);
        return Math.max(leavesWindow, bucketFull);
    }

    /** The floor slot of a pass: from its pass key, which only the pass's holders know, so nobody aims a churn at it. */
    private static int slotOf(Bytes passKey) {
        byte[] key = passKey.toArray();
        return (key[0] & 0xff) << 8 | key[1] & 0xff;
    }

    /**
     * The pass of {@code request}, which {@link #check}ed {@link PassVerdict#PASSED}, with until when
     * (the core's clock) its handshake's timestamp stays within the window and since when ({@code now})
     * its resends are counted: what its repeats may keep.
     */
    VerifiedPass verified(ConnectRequest request, long now) {
        HandshakeEnvelope envelope =
                HandshakeEnvelope.decode(request.handshake().toArray());
        if (envelope == null) {
            throw new IllegalStateException("a passed request has a handshake envelope");
        }
        long stampedAt = Math.floorDiv(envelope.timestampNanos(), 1_000_000) - wallOffsetMillis;
        return new VerifiedPass(request.pass(), stampedAt + WINDOW_SECONDS * 1_000L, now);
    }
}
