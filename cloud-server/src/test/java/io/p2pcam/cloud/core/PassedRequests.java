package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.PassTag;
import io.p2pcam.protocol.pairing.Tai64n;

/** CONNECT_REQUESTs as a viewer builds them for the cloud's pass checks (docs/PROTOCOL.md §5.3). */
final class PassedRequests {
    private PassedRequests() {}

    /** A handshake envelope stamped {@code wallMillis} (plus {@code transaction} ns, so that requests differ). */
    static Bytes handshakeAt(long wallMillis, long transaction) {
        byte[] handshake = new byte[28 + 96];
        Tai64n.write(wallMillis * 1_000_000 + transaction, handshake, 0);
        handshake[40] = (byte) transaction;
        return Bytes.of(handshake);
    }

    /** {@code bare} tagged with {@code pass}, or {@code bare} itself when {@code pass} is null or absent. */
    static ConnectRequest withPass(ConnectRequest bare, CloudPass pass) {
        if (pass == null || !pass.present()) {
            return bare;
        }
        Bytes tag = CloudPass.tag(pass.key(), CloudCodec.passCoveredBytes(bare));
        return new ConnectRequest(
                bare.transaction(), bare.id(), bare.candidates(), bare.handshake(), new PassTag(pass.id(), tag));
    }
}
