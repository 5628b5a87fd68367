package io.p2pcam.protocol.session;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.noise.HandshakePattern;
import io.p2pcam.protocol.pairing.Tai64n;
import java.nio.charset.StandardCharsets;

/** What both ends mix into the handshake before its first message, so that it means nothing elsewhere. */
final class SessionPrologue {
    static final HandshakePattern PATTERN = HandshakePattern.IK;
    private static final byte[] CONTEXT = "p2pcam session v2".getBytes(StandardCharsets.US_ASCII);

    private SessionPrologue() {}

    /**
     * "p2pcam session v2" || camera ID || the first message's TAI64N timestamp: a first message made
     * for one camera is refused by every other, and its clear timestamp cannot be changed.
     */
    static byte[] of(CameraId camera, byte[] timestamp) {
        byte[] prologue = new byte[CONTEXT.length + CameraId.BYTES + Tai64n.BYTES];
        System.arraycopy(CONTEXT, 0, prologue, 0, CONTEXT.length);
        camera.copyTo(prologue, CONTEXT.length);
        System.arraycopy(timestamp, 0, prologue, CONTEXT.length + CameraId.BYTES, Tai64n.BYTES);
        return prologue;
    }
}
