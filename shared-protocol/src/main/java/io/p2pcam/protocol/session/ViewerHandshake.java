package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.noise.HandshakeState;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.Split;
import io.p2pcam.protocol.pairing.HandshakeEnvelope;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
import io.p2pcam.protocol.pairing.PairingKey;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.security.SecureRandom;

/**
 * The viewer's side of the session handshake (docs/PROTOCOL.md §10.1): Noise IK to the camera's
 * static key (which the viewer has checked against the camera ID), with the hello (password,
 * candidates) inside the first message, encrypted to the camera alone, in an envelope that carries
 * a fresh TAI64N timestamp and the pairing tag. Not thread-safe; used once.
 */
public final class ViewerHandshake {
    private final HandshakeState noise;
    private final byte[] firstMessage;

    /**
     * The camera's answer: its welcome and the transport keys when it admitted us, or the refusal
     * it sent without reading our message.
     */
    public record Outcome(CameraWelcome welcome, Split keys, HandshakeRefusal refusal) {
        public boolean admitted() {
            return welcome != null && welcome.verdict() == SessionHello.Verdict.ADMITTED;
        }
    }

    /**
     * {@code timestampNanos} must grow from one handshake to the next with the same static key
     * (wall-clock time does; see {@link Tai64n}).
     */
    public ViewerHandshake(
            CameraId camera,
            CameraPublicKey cameraKey,
            KeyPair viewerStatic,
            ViewerHello hello,
            long timestampNanos,
            SecureRandom random) {
        if (!camera.matches(cameraKey)) {
            throw new IllegalArgumentException("the camera key does not belong to " + camera);
        }
        byte[] timestamp = new byte[Tai64n.BYTES];
        Tai64n.write(timestampNanos, timestamp, 0);
        noise = HandshakeState.initiator(SessionPrologue.PATTERN, random)
                .prologue(SessionPrologue.of(camera, timestamp))
                .localStatic(viewerStatic)
                .remoteStatic(cameraKey.agreementKey())
                .build();
        byte[] pairingKey;
        try {
            pairingKey = PairingKey.derive(viewerStatic, cameraKey.agreementKey());
        } catch (NoiseException e) {
            throw new IllegalArgumentException("the camera's agreement key is of small order", e);
        }
        firstMessage = HandshakeEnvelope.encode(timestamp, noise.writeMessage(hello.encode()), pairingKey, null);
    }

    /** The handshake blob for the CONNECT_REQUEST. */
    public Bytes firstMessage() {
        return Bytes.of(firstMessage);
    }

    /**
     * Reads the camera's answer (from an ACCEPTED or REJECTED connect result).
     *
     * @throws SessionException when it is neither a refusal nor a valid handshake message 2 from that camera
     */
    public Outcome finish(Bytes secondMessage) throws SessionException {
        if (secondMessage.length() == 0) {
            throw new SessionException("the camera could not read our handshake");
        }
        HandshakeRefusal refusal = HandshakeRefusal.decode(secondMessage);
        if (refusal != null) {
            return new Outcome(null, null, refusal);
        }
        try {
            CameraWelcome welcome = CameraWelcome.decode(noise.readMessage(secondMessage.toArray()));
            return new Outcome(welcome, noise.split(), null);
        } catch (NoiseException e) {
            throw new SessionException("the camera's handshake reply does not authenticate: " + e.getMessage(), e);
        }
    }
}
