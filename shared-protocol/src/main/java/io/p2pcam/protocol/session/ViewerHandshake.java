package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.noise.HandshakeState;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.Split;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.security.SecureRandom;

/**
 * The viewer's side of the session handshake: Noise IK to the camera's static key (which the
 * viewer has checked against the camera ID), with the password inside the first message,
 * encrypted to the camera alone. Not thread-safe; used once.
 */
public final class ViewerHandshake {
    private final HandshakeState noise;
    private final byte[] firstMessage;

    /** The camera's answer: its welcome, and the transport keys when it admitted us. */
    public record Outcome(CameraWelcome welcome, Split keys) {
        public boolean admitted() {
            return welcome.verdict() == SessionHello.Verdict.ADMITTED;
        }
    }

    public ViewerHandshake(
            CameraId camera, CameraPublicKey cameraKey, KeyPair viewerStatic, ViewerHello hello, SecureRandom random) {
        if (!camera.matches(cameraKey)) {
            throw new IllegalArgumentException("the camera key does not belong to " + camera);
        }
        noise = HandshakeState.initiator(SessionPrologue.PATTERN, random)
                .prologue(SessionPrologue.of(camera))
                .localStatic(viewerStatic)
                .remoteStatic(cameraKey.agreementKey())
                .build();
        firstMessage = noise.writeMessage(hello.encode());
    }

    /** Handshake message 1, for the CONNECT_REQUEST. */
    public Bytes firstMessage() {
        return Bytes.of(firstMessage);
    }

    /**
     * Reads the camera's handshake message 2 (from an ACCEPTED or REJECTED connect result).
     *
     * @throws SessionException when it is not a valid answer from that camera
     */
    public Outcome finish(Bytes secondMessage) throws SessionException {
        if (secondMessage.length() == 0) {
            throw new SessionException("the camera could not read our handshake");
        }
        try {
            CameraWelcome welcome = CameraWelcome.decode(noise.readMessage(secondMessage.toArray()));
            return new Outcome(welcome, noise.split());
        } catch (NoiseException e) {
            throw new SessionException("the camera's handshake reply does not authenticate: " + e.getMessage(), e);
        }
    }
}
