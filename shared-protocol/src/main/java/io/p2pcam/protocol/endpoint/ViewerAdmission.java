package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SecureSession;
import io.p2pcam.protocol.session.SessionException;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntBiFunction;
import java.util.random.RandomGenerator;

/**
 * The camera's door (docs/PROTOCOL.md §10.1): runs the handshake on a viewer's first message,
 * whether the cloud forwarded it or the viewer came straight from our LAN, and for an admitted
 * viewer builds its secure session. What the camera does with the outcome (keeping the session,
 * answering through the node) stays with {@link CameraEndpoint}.
 */
final class ViewerAdmission {
    /**
     * The outcome: the answer for the viewer, what to report, and for an admitted viewer its
     * session and key (both null otherwise).
     */
    record Outcome(DirectRequests.Decision decision, CameraEvent event, SecureSession session, Bytes viewerKey) {
        static Outcome refused(Bytes handshake, CameraEvent event) {
            return new Outcome(new DirectRequests.Decision(false, handshake), event, null, null);
        }
    }

    /** Where a first message came from, and what the cloud gave the pair. */
    record Request(
            Bytes firstMessage,
            InetAddress viewer,
            Candidate seen,
            RelayGrant relayGrant,
            InetSocketAddress node,
            Bytes passKey) {}

    private final CameraHandshake handshake;
    private final List<Candidate> localCandidates;
    private final CameraStream stream;
    private final int maxViewers;
    private final SessionTimers timers;
    private final RandomGenerator random;

    ViewerAdmission(
            CameraHandshake handshake,
            List<Candidate> localCandidates,
            CameraStream stream,
            int maxViewers,
            SessionTimers timers,
            RandomGenerator random) {
        this.handshake = handshake;
        this.localCandidates = List.copyOf(localCandidates);
        this.stream = stream;
        this.maxViewers = maxViewers;
        this.timers = timers;
        this.random = random;
    }

    /**
     * Answers {@code request} as session {@code sessionId}; {@code viewersNow} gives, for the
     * authenticated viewer key and the viewer's session ID in its hello, how many viewers count
     * against the limit (those the admission would not replace). {@code request.seen()} is where the viewer's packets came from (probed with the
     * hello's candidates), or null; {@code request.node()} the cloud node that forwarded it (its
     * relay carries the session; its pass key, {@code request.passKey()}, makes a paired viewer's
     * pass, so the pass works where the viewer came from), or null for a viewer on our LAN; {@code
     * nodeOverTcp}: this camera reaches that node over TCP, so the session probes its relay at once.
     */
    Outcome admit(
            Request request, int sessionId, ToIntBiFunction<Bytes, Integer> viewersNow, boolean nodeOverTcp, long now) {
        CameraHandshake.Answer answer;
        try {
            answer = handshake.answer(
                    request.firstMessage(),
                    request.viewer(),
                    now,
                    (hello, viewerKey) -> viewersNow.applyAsInt(viewerKey, hello.viewerSessionId()) >= maxViewers
                            ? CameraWelcome.refused(Verdict.BUSY)
                            : new CameraWelcome(
                                    Verdict.ADMITTED,
                                    false,
                                    sessionId,
                                    stream.width(),
                                    stream.height(),
                                    stream.fps(),
                                    request.relayGrant().ticket(),
                                    localCandidates,
                                    CloudPass.NONE, // a paired viewer's is added by the handshake
                                    stream.offers()),
                    request.passKey());
        } catch (SessionException e) {
            return Outcome.refused(Bytes.EMPTY, new CameraEvent.HandshakeFailed(request.viewer(), e.getMessage()));
        }
        if (answer.refusal() != null) {
            return Outcome.refused(
                    answer.secondMessage(), new CameraEvent.HandshakeRefused(request.viewer(), answer.refusal()));
        }
        if (!answer.admitted()) {
            return Outcome.refused(
                    answer.secondMessage(), new CameraEvent.ViewerRefused(request.viewer(), answer.verdict()));
        }
        RelayFrame.Route relay = request.node() == null
                ? null
                : RelayFrame.Route.of(request.node(), request.relayGrant(), RelayFrame.FROM_CAMERA);
        List<Candidate> viewerCandidates = new ArrayList<>();
        if (request.seen() != null) {
            viewerCandidates.add(request.seen());
        }
        viewerCandidates.addAll(answer.hello().candidates());
        SecureSession session = new SecureSession(
                answer.keys(),
                SecureSession.Side.CAMERA,
                sessionId,
                answer.hello().viewerSessionId(),
                ReachableCandidates.of(viewerCandidates, localCandidates),
                relay,
                nodeOverTcp ? timers.withRelayAtOnce() : timers,
                random,
                now);
        CameraEvent admitted = new CameraEvent.ViewerAdmitted(
                sessionId, answer.hello().viewerName(), request.viewer(), answer.paired());
        return new Outcome(
                new DirectRequests.Decision(true, answer.secondMessage()), admitted, session, answer.viewerKey());
    }
}
