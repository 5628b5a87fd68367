package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import java.net.InetSocketAddress;
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
    void send(InetSocketAddress to, Lane lane, CloudMessage message) {
        sendEncoded(to, lane, CloudCodec.encode(message));
    }

    void sendEncoded(InetSocketAddress to, Lane lane, byte[] data) {
        queue.add(new Transmit(to, data, lane));
        events.sent(data.length);
    }

    /**
     * To the unauthenticated source of a request of {@code requestBytes} that came over {@code
     * lane}, back over that lane; dropped and counted if the reply would be larger (RFC 9000 §8.1
     * applies the same rule to QUIC servers).
     *
     * @return the encoded reply, or null when it was not sent
     */
    byte[] reply(InetSocketAddress to, Lane lane, CloudMessage message, int requestBytes) {
        byte[] data = CloudCodec.encode(message);
        return replyEncoded(to, lane, data, requestBytes) ? data : null;
    }

    /**
     * An encoded reply to the unauthenticated source of a request of {@code requestBytes}, under the
     * same rule: a reply kept from an earlier, larger request (a connect result sent again for a
     * retransmission) is measured against the datagram it now answers.
     *
     * @return whether it was sent
     */
    boolean replyEncoded(InetSocketAddress to, Lane lane, byte[] data, int requestBytes) {
        if (data.length > requestBytes) {
            events.dropped(DropReason.REPLY_TOO_LARGE);
            return false;
        }
        sendEncoded(to, lane, data);
        return true;
    }

    Transmit poll() {
        return queue.poll();
    }
}
