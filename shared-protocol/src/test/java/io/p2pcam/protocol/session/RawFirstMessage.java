package io.p2pcam.protocol.session;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.noise.HandshakeState;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.pairing.HandshakeEnvelope;
import io.p2pcam.protocol.pairing.PairingKey;
import io.p2pcam.protocol.pairing.Tai64n;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * A handshake blob as {@link ViewerHandshake} writes it, but carrying any bytes as the hello: what
 * an attacker who knows a camera's ID and key can send (issue 12), for attack tests and fuzzing.
 */
public final class RawFirstMessage {
    private RawFirstMessage() {}

    public static byte[] blob(
            CameraId camera,
            CameraPublicKey cameraKey,
            KeyPair viewerStatic,
            byte[] helloPayload,
            long timestampNanos,
            SecureRandom random) {
        byte[] timestamp = new byte[Tai64n.BYTES];
        Tai64n.write(timestampNanos, timestamp, 0);
        HandshakeState noise = HandshakeState.initiator(SessionPrologue.PATTERN, random)
                .prologue(SessionPrologue.of(camera, timestamp))
                .localStatic(viewerStatic)
                .remoteStatic(cameraKey.agreementKey())
                .build();
        try {
            byte[] pairingKey = PairingKey.derive(viewerStatic, cameraKey.agreementKey());
            return HandshakeEnvelope.encode(timestamp, noise.writeMessage(helloPayload), pairingKey, null);
        } catch (NoiseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A ViewerHello (current version, no candidates, empty name) whose 128-byte password is all 0xFF: no UTF-8 at all. */
    public static byte[] invalidUtf8PasswordHello() {
        byte[] hello = new byte[1 + 4 + 1 + 1 + 1 + 128 + 1];
        hello[0] = (byte) SessionHello.VERSION;
        // session ID 0, flags 0, candidate count 0
        hello[7] = (byte) 128;
        Arrays.fill(hello, 8, 8 + 128, (byte) 0xFF);
        return hello;
    }
}
