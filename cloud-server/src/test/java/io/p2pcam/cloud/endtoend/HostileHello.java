package io.p2pcam.cloud.endtoend;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.session.RawFirstMessage;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * What a stranger who knows a camera's ID (and so, through LOOKUP, its key) can send: a fresh
 * CONNECT_REQUEST whose Noise first message authenticates but carries a ViewerHello the camera's
 * encoder would never write (docs/PROTOCOL.md §10.1), built byte by byte.
 */
final class HostileHello {
    private HostileHello() {}

    /** A ViewerHello whose 128-byte password is all 0xFF: no valid UTF-8 at all. */
    static byte[] invalidUtf8Password() {
        return RawFirstMessage.invalidUtf8PasswordHello();
    }

    /** The encoded CONNECT_REQUEST for {@code camera}, stamped {@code at}, carrying {@code helloPayload}. */
    static byte[] connectRequest(
            CameraId camera,
            CameraPublicKey key,
            byte[] helloPayload,
            InetSocketAddress from,
            Instant at,
            SecureRandom random) {
        byte[] blob = RawFirstMessage.blob(
                camera, key, KeyPair.generate(random), helloPayload, Tai64n.epochNanos(at), random);
        return CloudCodec.encode(new CloudMessage.ConnectRequest(
                random.nextLong(), camera, List.of(Candidate.local(from)), Bytes.of(blob)));
    }
}
