package io.p2pcam.protocol.session;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.HandshakePattern;
import java.nio.charset.StandardCharsets;

/** What both ends mix into the handshake before its first message, so that it means nothing elsewhere. */
final class SessionPrologue {
    static final HandshakePattern PATTERN = HandshakePattern.IK;
    private static final byte[] CONTEXT = "p2pcam session v1".getBytes(StandardCharsets.US_ASCII);

    private SessionPrologue() {}

    /** "p2pcam session v1" || camera ID: a first message made for one camera is refused by every other. */
    static byte[] of(CameraId camera) {
        byte[] prologue = new byte[CONTEXT.length + CameraId.BYTES];
        System.arraycopy(CONTEXT, 0, prologue, 0, CONTEXT.length);
        camera.copyTo(prologue, CONTEXT.length);
        return prologue;
    }
}
