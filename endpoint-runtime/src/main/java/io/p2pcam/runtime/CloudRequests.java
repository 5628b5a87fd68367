package io.p2pcam.runtime;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.MessageType;
import java.util.EnumSet;
import java.util.Set;

/**
 * The transaction IDs of the requests a client sent one cloud node lately, so that what comes from
 * the node's address over UDP changes the client's path only when it answers one of them
 * (docs/PROTOCOL.md §3.1, §3.4): a UDP datagram's source is whatever its sender wrote, and the
 * transaction ID, drawn at random from 2⁶⁴ values and echoed by every reply, is all an off-path
 * forger cannot know. Requests are the messages the cloud answers; CONNECT_ANSWER and relay
 * frames are not. The newest {@value #REMEMBERED} distinct IDs are kept: more than a client ever
 * has outstanding with one node (a retransmission repeats its ID). Sans I/O; loop-thread only.
 */
final class CloudRequests {
    static final int REMEMBERED = 32;

    private static final Set<MessageType> ANSWERED = EnumSet.of(
            MessageType.REGISTER_HELLO,
            MessageType.REGISTER,
            MessageType.RESUME,
            MessageType.KEEPALIVE,
            MessageType.LOOKUP,
            MessageType.CONNECT_REQUEST);
    private static final int TRANSACTION_OFFSET = 4;

    private final long[] recent = new long[REMEMBERED];
    private int count;
    private int next;

    /** Whether {@code datagram} is a request the cloud answers; if so its transaction ID is remembered. */
    boolean sent(byte[] datagram) {
        if (!isCloudMessage(datagram, datagram.length)
                || !ANSWERED.contains(MessageType.fromCode(datagram[3] & 0xff))) {
            return false;
        }
        long transaction = transaction(datagram);
        if (!contains(transaction)) {
            recent[next] = transaction;
            next = (next + 1) % REMEMBERED;
            count = Math.min(count + 1, REMEMBERED);
        }
        return true;
    }

    /** Whether a datagram from the node carries the transaction ID of a request sent to it lately. */
    boolean answers(byte[] data, int length) {
        return isCloudMessage(data, length) && contains(transaction(data));
    }

    private boolean contains(long transaction) {
        for (int i = 0; i < count; i++) {
            if (recent[i] == transaction) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCloudMessage(byte[] data, int length) {
        return length >= CloudCodec.HEADER_BYTES
                && (data[0] & 0xff) == CloudCodec.MAGIC >>> 8
                && (data[1] & 0xff) == (CloudCodec.MAGIC & 0xff)
                && (data[2] & 0xff) == CloudCodec.VERSION;
    }

    private static long transaction(byte[] data) {
        long transaction = 0;
        for (int i = TRANSACTION_OFFSET; i < TRANSACTION_OFFSET + Long.BYTES; i++) {
            transaction = transaction << 8 | (data[i] & 0xff);
        }
        return transaction;
    }
}
