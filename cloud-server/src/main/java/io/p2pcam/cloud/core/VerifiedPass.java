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
 * §3.4, so the same pass and tag), the pass is fresh (the handshake within the window), and the
 * pass has resends left.
 *
 * <p>The resends are the pass's own budget for one connect: a copy of the request seen on the wire
 * and replayed from the viewer's spoofed address is a retransmission to the cloud, so without a
 * count each copy would be one more forward past the camera's cap, at the source's request rate for
 * the whole connect timeout. Not thread-safe: owned by the core's thread, like the request it is
 * kept with.
 */
final class VerifiedPass {
    /**
     * Repeats of one passed request that may pass: as many as an honest viewer sends within a cluster
     * node's wait for it (connect timeout 5 s + 1 s), retransmitting at 0.5, 1.5, 3.5 and 5.5 s
     * (§5.4, each interval ±10 %).
     */
    static final int RESENDS = 4;

    private final PassTag pass;
    private final long freshUntil;
    private int resendsLeft = RESENDS;

    /**
     * @param pass the pass and tag the request presented
     * @param freshUntil until when (the core's clock, ms) the request's handshake lies within the window
     */
    VerifiedPass(PassTag pass, long freshUntil) {
        this.pass = pass;
        this.freshUntil = freshUntil;
    }

    /**
     * Whether {@code repeat}, arriving {@code now} under the verified request's (viewer, transaction),
     * keeps its verdict; if so it spends one of the pass's resends. A repeat that does not keep it
     * (another tag, a stale pass, no resends left) is a stranger's and takes a token of the camera's cap.
     */
    boolean passesRepeat(ConnectRequest repeat, long now) {
        if (resendsLeft == 0 || !isRetransmission(repeat, now)) {
            return false;
        }
        resendsLeft--;
        return true;
    }

    private boolean isRetransmission(ConnectRequest repeat, long now) {
        return now < freshUntil
                && repeat.pass().passId() == pass.passId()
                && pass.tag().equalsConstantTime(repeat.pass().tag().toArray(), 0, CloudPass.TAG_BYTES);
    }
}
