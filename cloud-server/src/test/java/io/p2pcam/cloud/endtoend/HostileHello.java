package io.p2pcam.cloud.endtoend;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.session.FirstMessages;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;

/**
 * What a stranger who knows a camera's ID (and so, through LOOKUP, its key) can send: a
 * CONNECT_REQUEST whose first handshake message is fresh and authenticates but carries a
 * ViewerHello the camera's encoder would never write (docs/PROTOCOL.md §10.1), built byte by byte.
 */
final class HostileHello {
    private HostileHello() {}

    /** A version-2 ViewerHello (no flags, no candidates) whose 128-byte password is all 0xFF: no UTF-8 at all. */
    static byte[] invalidUtf8Password() {
        byte[] hello = new byte[1 + 4 + 1 + 1 + 1 + 128 + 1];
        hello[0] = 2; // version
        hello[7] = (byte) 128;
        Arrays.fill(hello, 8, 8 + 128, (byte) 0xFF);
        hello[8 + 128] = 0; // empty name
        return hello;
    }

    /**
     * The encoded CONNECT_REQUEST for {@code camera} carrying {@code helloPayload} in an authentic
     * first message, stamped with the time {@code wall} reads (the camera's clock, so it is fresh).
     */
    static byte[] connectRequest(
            CameraIdentity camera,
            byte[] helloPayload,
            InetSocketAddress from,
            InstantSource wall,
            SecureRandom random) {
        byte[] first = FirstMessages.withHello(
                camera, KeyPair.generate(random), helloPayload, Tai64n.epochNanos(wall.instant()), random);
        return CloudCodec.encode(new CloudMessage.ConnectRequest(
                random.nextLong(), camera.id(), List.of(Candidate.local(from)), Bytes.of(first)));
    }
}
