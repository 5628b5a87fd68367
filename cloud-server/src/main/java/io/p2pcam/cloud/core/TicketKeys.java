package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The node secrets that resumption tickets are made under (docs/PROTOCOL.md §4.8): the first one
 * issues, every one is accepted. A node keeps them in a key file of its state directory so that
 * tickets survive a restart, and rotates them with an overlap (the previous key stays accepted for
 * one ticket lifetime). Immutable.
 *
 * @param keys newest first; ids distinct
 */
public record TicketKeys(List<Key> keys) {
    public static final int SECRET_BYTES = 32;

    /** One node secret and the id a ticket names it by. */
    public record Key(int id, Bytes secret) {
        public Key {
            if (secret.length() != SECRET_BYTES) {
                throw new IllegalArgumentException("a ticket key is " + SECRET_BYTES + " bytes");
            }
        }

        @Override
        public String toString() {
            return "Key[id=" + id + "]"; // never the secret
        }
    }

    public TicketKeys {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one ticket key");
        }
        if (keys.stream().mapToInt(Key::id).distinct().count() != keys.size()) {
            throw new IllegalArgumentException("ticket key ids must be distinct");
        }
    }

    /** One random key that lives as long as the process: tickets then do not survive a restart. */
    public static TicketKeys ephemeral(RandomGenerator random) {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return new TicketKeys(List.of(new Key(random.nextInt() & 0x7fffffff, Bytes.of(secret))));
    }

    /** The key new tickets are made under. */
    public Key current() {
        return keys.getFirst();
    }
}
