package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.Bytes;
import java.nio.ByteBuffer;

/**
 * The opaque handshakes a simulated viewer and camera send each other through the cloud
 * (CONNECT_REQUEST → CONNECT_FORWARD, CONNECT_ANSWER → CONNECT_RESULT), which the cloud passes on
 * unread. Many simulated cameras share one socket and CONNECT_FORWARD does not name the camera, so
 * the viewer's first four bytes say which camera it asked for; the next eight are the viewer's
 * send time ({@link System#nanoTime()}). The camera's answer echoes that send time and adds the
 * time it read the forward, so that the viewer can split the connect's latency into its two
 * legs: request sent → forward read by the camera, and answer sent → result read by the viewer.
 * The rest is filler the size of a real first handshake message (96 and 48 bytes).
 */
final class TaggedViewerHandshake {
    static final int BYTES = 96;
    static final int ANSWER_BYTES = 48;

    private TaggedViewerHandshake() {}

    static Bytes forCamera(int camera, long sentNanos) {
        byte[] handshake = new byte[BYTES];
        ByteBuffer.wrap(handshake).putInt(camera).putLong(sentNanos);
        return Bytes.of(handshake);
    }

    /** The camera a forwarded handshake is for, or -1 if it is not one of ours. */
    static int cameraOf(Bytes handshake) {
        if (handshake.length() != BYTES) {
            return -1;
        }
        return ByteBuffer.wrap(handshake.toArray()).getInt(0);
    }

    /** The camera's answer to a forwarded {@code viewerHandshake}, read at {@code forwardReadNanos}. */
    static Bytes answer(Bytes viewerHandshake, long forwardReadNanos) {
        byte[] answer = new byte[ANSWER_BYTES];
        ByteBuffer.wrap(answer).putLong(requestSentNanos(viewerHandshake)).putLong(forwardReadNanos);
        return Bytes.of(answer);
    }

    /** When the viewer sent the request, from its handshake or the camera's answer; 0 if neither. */
    static long requestSentNanos(Bytes handshake) {
        return switch (handshake.length()) {
            case BYTES -> ByteBuffer.wrap(handshake.toArray()).getLong(4);
            case ANSWER_BYTES -> ByteBuffer.wrap(handshake.toArray()).getLong(0);
            default -> 0;
        };
    }

    /** When the camera read the forward, from its answer; 0 if it is not an answer of ours. */
    static long forwardReadNanos(Bytes answer) {
        return answer.length() == ANSWER_BYTES
                ? ByteBuffer.wrap(answer.toArray()).getLong(8)
                : 0;
    }
}
