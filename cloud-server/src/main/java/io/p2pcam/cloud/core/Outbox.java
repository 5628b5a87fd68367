package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import java.util.ArrayDeque;

/**
 * Datagrams the core has produced and the I/O edge has not yet taken, each with the lane it must
 * travel ({@link Transmit}). Replies to unauthenticated requests go through {@link #reply}, which
 * enforces the anti-amplification rule: never more bytes back than came in. Not thread-safe.
 */
final class Outbox {
    private final ArrayDeque<Transmit> queue = new ArrayDeque<>();
    private final CloudEvents events;

    Outbox(CloudEvents events) {
        this.events = events;
    }

    /** To an authenticated peer (a registered camera's address), over the lane it proved that address on. */
    void send(ClientAddress to, CloudMessage message) {
        sendEncoded(to, CloudCodec.encode(message));
    }

    void sendEncoded(ClientAddress to, byte[] data) {
        queue.add(new Transmit(to, data));
        events.sent(data.length);
    }

    /**
     * To the unauthenticated source of a request of {@code requestBytes}, back over the lane the
     * request came on; dropped and counted if the reply would be larger (RFC 9000 §8.1
     * applies the same rule to QUIC servers).
     *
     * @return the encoded reply, or null when it was not sent
     */
    byte[] reply(ClientAddress to, CloudMessage message, int requestBytes) {
        byte[] data = CloudCodec.encode(message);
        return replyEncoded(to, data, requestBytes) ? data : null;
    }

    /**
     * An encoded reply to the unauthenticated source of a request of {@code requestBytes}, under the
     * same rule: a reply kept from an earlier, larger request (a connect result sent again for a
     * retransmission) is measured against the datagram it now answers.
     *
     * @return whether it was sent
     */
    boolean replyEncoded(ClientAddress to, byte[] data, int requestBytes) {
        if (data.length > requestBytes) {
            events.dropped(DropReason.REPLY_TOO_LARGE);
            return false;
        }
        sendEncoded(to, data);
        return true;
    }

    Transmit poll() {
        return queue.poll();
    }
}
