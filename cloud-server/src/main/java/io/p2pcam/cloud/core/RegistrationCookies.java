package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless registration challenges, in the manner of TCP SYN cookies and DTLS HelloVerifyRequest:
 * the cloud keeps nothing for a REGISTER_HELLO, it answers with
 * {@code stamp (8) || HMAC-SHA256(secret, stamp || ip || port || camera key || lane)[0..16)},
 * which only a party receiving at that address over that transport can echo, and only within the
 * challenge lifetime. The lane is in it because one address and port over UDP and over TCP may be
 * two hosts behind one NAT: a cookie a TCP client received proves nothing about who receives there
 * over UDP (decision 0068). The stamp is
 * the issue time plus a secret offset drawn at start, so that a cookie does not tell how long the
 * server has been up (its monotonic clock starts near zero); only differences between stamps
 * mean anything, and those a client can measure anyway.
 *
 * <p>Registration tokens are derived from the camera ID and the cookie. Whether a cookie has
 * already been used is not decided here ({@link SeenCookies}). Not thread-safe (one {@link Mac}).
 */
final class RegistrationCookies {
    private static final int MAC_BYTES = CloudCodec.COOKIE_BYTES - 8;
    private final Mac cookieMac;
    private final Mac tokenMac;
    /** Added to the issue time in the cookie; below 2^62 so that stamps never wrap. */
    private final long stampOffset;

    RegistrationCookies(RandomGenerator random) {
        try {
            cookieMac = Mac.getInstance("HmacSHA256");
            cookieMac.init(new SecretKeySpec(randomBytes(random), "HmacSHA256"));
            tokenMac = Mac.getInstance("HmacSHA256");
            tokenMac.init(new SecretKeySpec(randomBytes(random), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
        stampOffset = random.nextLong(1L << 62);
    }

    Bytes issue(CameraPublicKey key, ClientAddress source, long now) {
        byte[] cookie = new byte[CloudCodec.COOKIE_BYTES];
        writeLong(cookie, now + stampOffset);
        System.arraycopy(mac(cookie, key, source), 0, cookie, 8, MAC_BYTES);
        return Bytes.of(cookie);
    }

    enum Verdict {
        VALID,
        FORGED,
        EXPIRED
    }

    Verdict check(Bytes cookie, CameraPublicKey key, ClientAddress source, long now, long lifetimeMillis) {
        byte[] raw = cookie.toArray();
        byte[] expected = mac(raw, key, source);
        if (!MessageDigest.isEqual(
                Arrays.copyOfRange(raw, 8, CloudCodec.COOKIE_BYTES), Arrays.copyOf(expected, MAC_BYTES))) {
            return Verdict.FORGED;
        }
        long issuedAt = issuedAt(cookie);
        return issuedAt <= now && now - issuedAt <= lifetimeMillis ? Verdict.VALID : Verdict.EXPIRED;
    }

    /** When the cloud issued {@code cookie}, on its monotonic clock (meaningful only for an authentic cookie). */
    long issuedAt(Bytes cookie) {
        return readLong(cookie.toArray()) - stampOffset;
    }

    /** 64 bits of the cookie's MAC: what {@link SeenCookies} remembers of a cookie that was used. */
    static long replayKey(Bytes cookie) {
        byte[] raw = cookie.toArray();
        long key = 0;
        for (int i = 8; i < 16; i++) {
            key = key << 8 | raw[i] & 0xff;
        }
        return key;
    }

    Bytes token(CameraId id, Bytes cookie) {
        tokenMac.update(id.toBytes());
        tokenMac.update(cookie.toArray());
        return Bytes.of(Arrays.copyOf(tokenMac.doFinal(), CloudCodec.TOKEN_BYTES));
    }

    private byte[] mac(byte[] cookie, CameraPublicKey key, ClientAddress source) {
        InetSocketAddress address = source.address();
        cookieMac.update(cookie, 0, 8);
        cookieMac.update(address.getAddress().getAddress());
        cookieMac.update((byte) (address.getPort() >>> 8));
        cookieMac.update((byte) address.getPort());
        cookieMac.update(key.toBytes());
        cookieMac.update((byte) source.lane().ordinal());
        return cookieMac.doFinal();
    }

    private static byte[] randomBytes(RandomGenerator random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return secret;
    }

    private static void writeLong(byte[] target, long value) {
        for (int i = 0; i < 8; i++) {
            target[i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static long readLong(byte[] source) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | source[i] & 0xff;
        }
        return value;
    }
}
