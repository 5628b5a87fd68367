package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.Bytes;

/**
 * The opaque handshake a simulated viewer sends through the cloud. Many simulated cameras share
 * one socket and CONNECT_FORWARD does not name the camera, so the first four bytes say which
 * camera the viewer asked for; the rest is filler the size of a real first handshake message.
 */
final class TaggedViewerHandshake {
    static final int BYTES = 96;

    private TaggedViewerHandshake() {}

    static Bytes forCamera(int camera) {
        byte[] handshake = new byte[BYTES];
        handshake[0] = (byte) (camera >>> 24);
        handshake[1] = (byte) (camera >>> 16);
        handshake[2] = (byte) (camera >>> 8);
        handshake[3] = (byte) camera;
        return Bytes.of(handshake);
    }

    /** The camera a forwarded handshake is for, or -1 if it is not one of ours. */
    static int cameraOf(Bytes handshake) {
        if (handshake.length() != BYTES) {
            return -1;
        }
        byte[] bytes = handshake.toArray();
        return (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | bytes[3] & 0xff;
    }
}
