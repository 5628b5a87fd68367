package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.MessageType;

/**
 * New registrations wait while the event loop is behind (docs/PROTOCOL.md §4.4): once the loop's
 * socket has not been emptied for {@link #BEHIND_MILLIS} (every wake-up read as many datagrams as
 * it may, so more were waiting), each REGISTER_HELLO is dropped unread and counted
 * ({@link DropReason#SHED_HELLO}) until a wake-up empties the socket again. Everything else is
 * served in arrival order: above all the exchanges already begun, a REGISTER or RESUME answering a
 * challenge this node gave, so that they are answered before their cameras give up, and
 * keepalives, lookups and connects. A camera whose HELLO was dropped sends it again after its
 * retransmission timeout, by when the queue has shortened.
 *
 * <p>Why: in a restart storm a cold node answers fewer registrations a second than arrive, its
 * receive queue (up to 64 MiB, several seconds of datagrams) fills, and answers start arriving after
 * the cameras' timeouts: every camera then asks again, and the retransmissions crowd out the
 * exchanges that could still finish (docs/BENCHMARKS.md, "A million cameras per node"). A HELLO is
 * the one request whose drop costs the camera a retransmission and nothing begun.
 *
 * <p>Not thread-safe: the event loop that reads the socket owns an instance. Time is passed in.
 */
public final class HelloShedding {
    /** The socket not emptied for this long means the loop is behind. */
    public static final long BEHIND_MILLIS = 200;

    private final int fullWakeUp;
    private long emptiedAt;
    private boolean behind;

    /** @param datagramsPerWakeUp the most datagrams the loop reads per wake-up (a full one leaves more waiting) */
    public HelloShedding(int datagramsPerWakeUp, long now) {
        if (datagramsPerWakeUp < 1) {
            throw new IllegalArgumentException("datagrams per wake-up must be at least 1, not " + datagramsPerWakeUp);
        }
        this.fullWakeUp = datagramsPerWakeUp;
        this.emptiedAt = now;
    }

    /** At the end of each wake-up's reads: {@code datagramsRead} of them were read. */
    public void wakeUpDone(int datagramsRead, long now) {
        if (datagramsRead < fullWakeUp) {
            emptiedAt = now;
            behind = false;
        } else {
            behind = now - emptiedAt >= BEHIND_MILLIS;
        }
    }

    public boolean behind() {
        return behind;
    }

    /** Whether to drop this datagram unread: a well-formed REGISTER_HELLO header while behind. */
    public boolean sheds(byte[] data, int length) {
        return behind
                && length >= CloudCodec.HEADER_BYTES
                && ((data[0] & 0xff) << 8 | data[1] & 0xff) == CloudCodec.MAGIC
                && (data[2] & 0xff) == CloudCodec.VERSION
                && (data[3] & 0xff) == MessageType.REGISTER_HELLO.code();
    }
}
