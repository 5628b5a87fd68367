package io.p2pcam.protocol.session;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.HandshakeState;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.pairing.HandshakeEnvelope;
import io.p2pcam.protocol.pairing.PairingKey;
import io.p2pcam.protocol.pairing.Tai64n;
import java.security.SecureRandom;

/**
 * Authentic first handshake messages whose hello is any bytes at all, built as {@link
 * ViewerHandshake} builds them (envelope, prologue, IK): for fuzzing the camera's hello decoding
 * behind the authentication, which a well-formed {@link SessionHello.ViewerHello} cannot reach.
 */
public final class FirstMessages {
    private FirstMessages() {}

    public static byte[] withHello(
            CameraIdentity camera, KeyPair viewer, byte[] hello, long timestampNanos, SecureRandom random) {
        byte[] timestamp = new byte[Tai64n.BYTES];
        Tai64n.write(timestampNanos, timestamp, 0);
        HandshakeState noise = HandshakeState.initiator(SessionPrologue.PATTERN, random)
                .prologue(SessionPrologue.of(camera.id(), timestamp))
                .localStatic(viewer)
                .remoteStatic(camera.publicKey().agreementKey())
                .build();
        try {
            byte[] pairingKey = PairingKey.derive(viewer, camera.publicKey().agreementKey());
            return HandshakeEnvelope.encode(timestamp, noise.writeMessage(hello), pairingKey, null);
        } catch (NoiseException e) {
            throw new AssertionError(e);
        }
    }
}
