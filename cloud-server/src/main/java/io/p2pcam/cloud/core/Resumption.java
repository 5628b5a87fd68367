package io.p2pcam.cloud.core;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the core issues and accepts resumption tickets (docs/PROTOCOL.md §4.8).
 *
 * @param keys the node secrets (newest issues, all are accepted)
 * @param ticketLifetime how long a ticket is accepted after it was issued
 * @param wallOffsetMillis wall-clock (Unix) milliseconds minus the core's monotonic milliseconds,
 *     measured by the composition root at start: ticket expiry must mean the same after a restart
 */
public record Resumption(TicketKeys keys, Duration ticketLifetime, long wallOffsetMillis) {
    /** Tickets are accepted for a week: a camera offline longer signs again. */
    public static final Duration DEFAULT_TICKET_LIFETIME = Duration.ofDays(7);

    public Resumption {
        Objects.requireNonNull(keys, "keys");
        if (ticketLifetime.isNegative() || ticketLifetime.isZero()) {
            throw new IllegalArgumentException("ticket lifetime must be positive");
        }
    }

    /** Tickets under a key that lives as long as the process (they do not survive a restart). */
    public static Resumption ephemeral(RandomGenerator random) {
        return new Resumption(TicketKeys.ephemeral(random), DEFAULT_TICKET_LIFETIME, 0);
    }
}
