package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes and opens resumption tickets (docs/PROTOCOL.md §4.8). A ticket is public and stateless:
 *
 * <pre>
 * ticket = key id (u32) ‖ expires (u64, Unix ms) ‖ nonce (12 random bytes)          24 bytes
 * secret = HMAC-SHA256(node key[key id], "p2pcam ticket v1\0" ‖ ticket ‖ camera key (64))
 * </pre>
 *
 * The cloud stores nothing per ticket: it recomputes the secret from the ticket and the camera
 * key a RESUME names, so a ticket is bound to that key (hence to the camera ID) and to its expiry,
 * and a ticket of another camera, or one whose bytes were changed, yields a secret under which
 * the RESUME's proof does not verify. Expiry is wall-clock time, so that it means the same after
 * a restart: the core's monotonic clock plus {@code wallOffsetMillis}. Not thread-safe.
 */
final class ResumptionTickets {
    static final int NONCE_BYTES = 12;
    private static final byte[] CONTEXT = "p2pcam ticket v1\0".getBytes(StandardCharsets.US_ASCII);

    private final int currentId;
    private final Map<Integer, Mac> macs = new HashMap<>();
    private final long lifetimeMillis;
    private final long wallOffsetMillis;

    /** A ticket and its secret, just made. */
    record Issued(Bytes ticket, byte[] secret) {}

    ResumptionTickets(TicketKeys keys, Duration lifetime, long wallOffsetMillis) {
        this.currentId = keys.current().id();
        for (TicketKeys.Key key : keys.keys()) {
            macs.put(key.id(), mac(key.secret().toArray()));
        }
        this.lifetimeMillis = lifetime.toMillis();
        this.wallOffsetMillis = wallOffsetMillis;
    }

    Issued issue(CameraPublicKey key, long now, RandomGenerator random) {
        byte[] ticket = new byte[ResumeGrant.TICKET_BYTES];
        writeInt(ticket, 0, currentId);
        writeLong(ticket, 4, now + wallOffsetMillis + lifetimeMillis);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, ticket, 12, NONCE_BYTES);
        return new Issued(Bytes.of(ticket), secret(macs.get(currentId), ticket, key));
    }

    /**
     * The secret of {@code ticket} for {@code key}, or null when no key of this node made it or it
     * has expired. Whether the ticket is genuine shows only when the RESUME's proof is checked
     * under the secret.
     */
    byte[] open(Bytes ticket, CameraPublicKey key, long now) {
        byte[] raw = ticket.toArray();
        Mac mac = macs.get(readInt(raw, 0));
        if (mac == null || readLong(raw, 4) < now + wallOffsetMillis) {
            return null;
        }
        return secret(mac, raw, key);
    }

    private static byte[] secret(Mac mac, byte[] ticket, CameraPublicKey key) {
        mac.update(CONTEXT);
        mac.update(ticket);
        mac.update(key.toBytes());
        return mac.doFinal();
    }

    private static Mac mac(byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    private static void writeInt(byte[] target, int at, int value) {
        for (int i = 0; i < 4; i++) {
            target[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    private static void writeLong(byte[] target, int at, long value) {
        for (int i = 0; i < 8; i++) {
            target[at + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static int readInt(byte[] source, int at) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 8 | source[at + i] & 0xff;
        }
        return value;
    }

    private static long readLong(byte[] source, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | source[at + i] & 0xff;
        }
        return value;
    }
}
