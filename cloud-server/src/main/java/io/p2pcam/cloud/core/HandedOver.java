package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.identity.CameraId;

/**
 * A viewer's CONNECT_REQUEST that a {@link ClusterView} handed to the node holding the camera,
 * remembered under its exchange and (viewer, transaction) until its result has been kept long
 * enough for the viewer's repeats. Not thread-safe: owned by the core's thread.
 */
final class HandedOver {
    final long exchange;
    final ViewerRequest request;
    final CameraId camera;
    final int requestBytes;
    final byte[] encoded;
    final long deadline;
    /** The cloud pass that got the request past the camera's cap (null if none did). */
    final VerifiedPass verifiedPass;

    String holder;
    byte[] result;
    boolean done;
    long keepUntil;

    HandedOver(
            long exchange,
            ViewerRequest request,
            CameraId camera,
            int requestBytes,
            byte[] encoded,
            String holder,
            long deadline,
            VerifiedPass verifiedPass) {
        this.exchange = exchange;
        this.request = request;
        this.camera = camera;
        this.requestBytes = requestBytes;
        this.encoded = encoded;
        this.holder = holder;
        this.deadline = deadline;
        this.verifiedPass = verifiedPass;
    }

    /** Whether {@code repeat} of this request keeps its verified pass, spending one of its resends ({@link VerifiedPass#passesRepeat}). */
    boolean passesRepeat(ConnectRequest repeat, long now) {
        return verifiedPass != null && verifiedPass.passesRepeat(repeat, now);
    }
}
