package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.PassTag;

/**
 * The cloud pass of a CONNECT_REQUEST that {@link CloudPasses#check} passed (docs/PROTOCOL.md
 * §5.3), kept with the request so that the viewer's retransmissions skip the camera's cap without a
 * second check (which would find the handshake's timestamp not newer, and fail a genuine repeat).
 * The verdict is the first request's, not a licence for whatever arrives under its (viewer,
 * transaction): a repeat keeps it only while it is that request's retransmission (byte for byte,
 * §3.4, so the same pass and tag) and the pass is fresh (the handshake within the window).
 *
 * @param pass the pass and tag the request presented
 * @param freshUntil until when (the core's clock, ms) the request's handshake lies within the window
 */
record VerifiedPass(PassTag pass, long freshUntil) {
    /** Whether {@code repeat}, arriving {@code now} under the verified request's (viewer, transaction), keeps its verdict. */
    boolean covers(ConnectRequest repeat, long now) {
        return now < freshUntil
                && repeat.pass().passId() == pass.passId()
                && pass.tag().equalsConstantTime(repeat.pass().tag().toArray(), 0, CloudPass.TAG_BYTES);
    }
}
