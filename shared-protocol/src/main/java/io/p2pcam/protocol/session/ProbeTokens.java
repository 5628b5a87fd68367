package io.p2pcam.protocol.session;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens a session's PROBEs carry (docs/PROTOCOL.md §10.3, "Path validation"): the first 8
 * bytes of HMAC-SHA256(secret, destination IP ‖ destination port ‖ local socket index), the 32-byte
 * secret drawn per session. A PROBE_ACK counts only when it echoes the token of the address it
 * came from and the socket it arrived on, so an answer copied and re-sent from elsewhere does not
 * match (RFC 9000 §8.2, RFC 8445 §7.2.5.2.1). Not thread-safe.
 */
final class ProbeTokens {
    private final Mac mac;

    ProbeTokens(RandomGenerator random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /** The body of a PROBE to {@code to} from local socket {@code socket}. */
    byte[] probeBody(InetSocketAddress to, int socket) {
        return longBytes(token(to, socket));
    }

    /** Whether {@code body}, a PROBE_ACK's, echoes the token of a PROBE to {@code from} from {@code socket}. */
    boolean answers(byte[] body, InetSocketAddress from, int socket) {
        return body.length == 8 && bytesLong(body) == token(from, socket);
    }

    private long token(InetSocketAddress to, int socket) {
        byte[] host = to.getAddress() != null
                ? to.getAddress().getAddress()
                : to.getHostString().getBytes(StandardCharsets.UTF_8);
        mac.update(host);
        mac.update(new byte[] {
            (byte) (to.getPort() >>> 8),
            (byte) to.getPort(),
            (byte) (socket >>> 24),
            (byte) (socket >>> 16),
            (byte) (socket >>> 8),
            (byte) socket
        });
        return bytesLong(Arrays.copyOf(mac.doFinal(), 8));
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static long bytesLong(byte[] bytes) {
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | b & 0xff;
        }
        return value;
    }
}
