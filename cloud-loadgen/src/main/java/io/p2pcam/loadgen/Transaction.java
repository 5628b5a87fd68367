package io.p2pcam.loadgen;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How the generator lays out the 64-bit transaction IDs it sends, so that a reply says by itself
 * what it answers, without a lookup table:
 *
 * <pre>
 *  63      60 59    56 55                   32 31                         0
 *  +---------+--------+----------------------+----------------------------+
 *  |  kind   | phase  |   random salt (24)   |  camera index / connect seq |
 *  +---------+--------+----------------------+----------------------------+
 * </pre>
 *
 * Real clients pick all 64 bits at random; the cloud only echoes them, so this structure costs it
 * nothing and is invisible to it.
 */
final class Transaction {
    enum Kind {
        PROBE,
        HELLO,
        REGISTER,
        KEEPALIVE,
        CONNECT,
        RESUME
    }

    private static final Kind[] KINDS = Kind.values();

    private Transaction() {}

    static long of(Kind kind, Phase phase, int index) {
        long salt = ThreadLocalRandom.current().nextInt(1 << 24);
        return (long) kind.ordinal() << 60 | (long) phase.ordinal() << 56 | salt << 32 | (index & 0xffffffffL);
    }

    /** The kind, or null for a transaction this generator did not make. */
    static Kind kind(long transaction) {
        int code = (int) (transaction >>> 60);
        return code < KINDS.length ? KINDS[code] : null;
    }

    static Phase phase(long transaction) {
        return Phase.ofOrdinal((int) (transaction >>> 56) & 0xf);
    }

    static int index(long transaction) {
        return (int) transaction;
    }
}
