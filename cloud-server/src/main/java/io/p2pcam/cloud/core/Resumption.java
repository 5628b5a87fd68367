package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How the core issues and accepts resumption tickets (docs/PROTOCOL.md §4.8), and the node secret
 * that cameras' cloud pass keys are derived from (§5.3), sealed to the camera like a ticket's secret.
 *
 * @param keys the node secrets (newest issues, all are accepted)
 * @param ticketLifetime how long a ticket is accepted after it was issued
 * @param wallOffsetMillis wall-clock (Unix) milliseconds minus the core's monotonic milliseconds,
 *     measured by the composition root at start: ticket expiry must mean the same after a restart,
 *     and a cloud pass's handshake timestamp is checked against the wall clock
 * @param passSecret {@value #PASS_SECRET_BYTES} bytes; the same on every node that should accept
 *     the same cloud passes, and kept across restarts (passes given to viewers stay valid)
 */
public record Resumption(TicketKeys keys, Duration ticketLifetime, long wallOffsetMillis, Bytes passSecret) {
    public static final int PASS_SECRET_BYTES = 32;

    /** Tickets are accepted for a week: a camera offline longer signs again. */
    public static final Duration DEFAULT_TICKET_LIFETIME = Duration.ofDays(7);

    public Resumption {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(passSecret, "passSecret");
        if (ticketLifetime.isNegative() || ticketLifetime.isZero()) {
            throw new IllegalArgumentException("ticket lifetime must be positive");
        }
        if (passSecret.length() != PASS_SECRET_BYTES) {
            throw new IllegalArgumentException("the pass secret is " + PASS_SECRET_BYTES + " bytes");
        }
    }

    /**
     * Without a pass secret of its own: one derived from the current ticket key, so it changes when
     * that key rotates (for tests and nodes whose passes need not outlive a rotation).
     */
    public Resumption(TicketKeys keys, Duration ticketLifetime, long wallOffsetMillis) {
        this(keys, ticketLifetime, wallOffsetMillis, derivedPassSecret(keys));
    }

    /** Tickets and passes under secrets that live as long as the process (they do not survive a restart). */
    public static Resumption ephemeral(RandomGenerator random, long wallOffsetMillis) {
        byte[] passSecret = new byte[PASS_SECRET_BYTES];
        random.nextBytes(passSecret);
        return new Resumption(
                TicketKeys.ephemeral(random), DEFAULT_TICKET_LIFETIME, wallOffsetMillis, Bytes.of(passSecret));
    }

    /** As {@link #ephemeral(RandomGenerator, long)} with the monotonic clock taken for the wall clock (tests). */
    public static Resumption ephemeral(RandomGenerator random) {
        return ephemeral(random, 0);
    }

    @Override
    public String toString() {
        return "Resumption[" + keys + ", ticketLifetime=" + ticketLifetime + "]"; // never the pass secret
    }

    private static Bytes derivedPassSecret(TicketKeys keys) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.current().secret().toArray(), "HmacSHA256"));
            return Bytes.of(mac.doFinal("p2pcam pass secret from a ticket key v1".getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
