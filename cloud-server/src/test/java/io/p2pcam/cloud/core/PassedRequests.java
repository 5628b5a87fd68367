package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.PassTag;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.pairing.Tai64n;
import java.net.InetSocketAddress;
import java.util.List;

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

    /** The pass camera {@code camera} gives a paired viewer, under the pass key a cloud of {@code resumption} seals to it. */
    static CloudPass passOf(Resumption resumption, CameraId camera) {
        Bytes cameraPassKey = new CloudPasses(resumption.passSecret(), 0).cameraPassKey(camera);
        return CloudPass.issue(cameraPassKey, Bytes.of(new byte[32]));
    }

    /** A request for {@code camera} with a fresh handshake (stamped {@code now}, distinct per transaction), with {@code pass} if not null. */
    static ConnectRequest request(CameraId camera, long transaction, long now, CloudPass pass) {
        return withPass(new ConnectRequest(transaction, camera, List.of(), handshakeAt(now, transaction)), pass);
    }

    /** {@code request} as a datagram from {@code from} into {@code node}. */
    static void send(Rendezvous node, ConnectRequest request, InetSocketAddress from, long now) {
        byte[] data = CloudCodec.encode(request);
        node.handleDatagram(data, 0, data.length, from, now);
    }

    /** {@code passed} under the same pass id with a tag of zeros: what somebody without the pass key sends. */
    static ConnectRequest withForgedTag(ConnectRequest passed) {
        return new ConnectRequest(
                passed.transaction(),
                passed.id(),
                passed.candidates(),
                passed.handshake(),
                new PassTag(passed.pass().passId(), Bytes.of(new byte[CloudPass.TAG_BYTES])));
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
