package io.p2pcam.cloud.endtoend;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.noise.HandshakePattern;
import io.p2pcam.protocol.noise.HandshakeState;
import io.p2pcam.protocol.noise.KeyPair;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * What a stranger who knows a camera's ID (and so, through LOOKUP, its key) can send: a
 * CONNECT_REQUEST whose Noise IK first message authenticates but carries a ViewerHello the
 * camera's encoder would never write (docs/PROTOCOL.md §10.1), built here byte by byte.
 */
final class HostileHello {
    private HostileHello() {}

    /** A ViewerHello whose 128-byte password is all 0xFF: no valid UTF-8 at all. */
    static byte[] invalidUtf8Password() {
        byte[] hello = new byte[1 + 4 + 1 + 128 + 1];
        hello[0] = 1; // version
        hello[5] = (byte) 128;
        Arrays.fill(hello, 6, 6 + 128, (byte) 0xFF);
        hello[6 + 128] = 0; // empty name
        return hello;
    }

    /** The encoded CONNECT_REQUEST for {@code camera} carrying {@code helloPayload} in an authentic first message. */
    static byte[] connectRequest(
            CameraId camera, CameraPublicKey key, byte[] helloPayload, InetSocketAddress from, SecureRandom random) {
        byte[] context = "p2pcam session v1".getBytes(StandardCharsets.US_ASCII);
        byte[] prologue = Arrays.copyOf(context, context.length + CameraId.BYTES);
        camera.copyTo(prologue, context.length);
        HandshakeState noise = HandshakeState.initiator(HandshakePattern.IK, random)
                .prologue(prologue)
                .localStatic(KeyPair.generate(random))
                .remoteStatic(key.agreementKey())
                .build();
        byte[] first = noise.writeMessage(helloPayload);
        return CloudCodec.encode(new CloudMessage.ConnectRequest(
                random.nextLong(), camera, List.of(Candidate.local(from)), Bytes.of(first)));
    }
}
