package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.session.SecureSession;
import io.p2pcam.protocol.session.SessionException;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.ViewerHandshake;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The viewer's side of the handshake with the camera (docs/PROTOCOL.md §10.1): writes the Noise
 * first message once the camera's key is verified (timestamped, with the password unless paired),
 * then reads the camera's answer: finishes the handshake, checks the welcome against the relay
 * grant the cloud passed along, and for an admitted viewer builds its secure session (the camera's
 * candidates, the relay route); every other answer becomes the failure and message the user sees.
 * Kept apart from {@link ViewerEndpoint} so that the endpoint only drives phases and queues, while
 * what the viewer sends and trusts in the handshake is decided in one place.
 */
final class SessionStart {
    /** What the answer means for the viewer. */
    sealed interface Outcome {}

    /** The camera admitted the viewer: its welcome and the session that punches a path to it. */
    record Admitted(CameraWelcome welcome, SecureSession session) implements Outcome {}

    /** Anything else: the failure to report and why, in words for the user. */
    record Failed(ViewerFailure failure, String message) implements Outcome {}

    /**
     * The camera refused as stale a handshake that went out more than once: an earlier copy got
     * through and its answer was lost, so connect again with {@link #freshMessage()} (§10.1).
     */
    record SeenBefore() implements Outcome {}

    /**
     * How many handshakes one connect may make: the first and at most two fresh ones after a
     * {@link SeenBefore}. Each copy the camera admitted took a token of its unpaired budget for our
     * address (4 at once, §10.1 step 4); three leave one for a neighbour behind the same address.
     */
    static final int MAX_HANDSHAKES = 3;

    private final CameraId camera;
    private final int sessionId;
    private final ViewerHello hello;
    private final KeyPair viewerStatic;
    private final List<Candidate> localCandidates;
    private final InstantSource wallClock;
    private final SecureRandom secureRandom;
    private final SessionTimers timers;
    private final RandomGenerator random;
    private ViewerHandshake handshake;
    private CameraPublicKey cameraKey;
    private long lastTimestamp = Long.MIN_VALUE;
    private int handshakes;

    /**
     * @param sessionId the viewer's session ID (sent in its hello)
     * @param secureRandom the handshake's ephemeral keys
     * @param random draws the session's probe tokens: a {@code SecureRandom} outside tests
     */
    SessionStart(
            CameraId camera,
            int sessionId,
            Password password,
            String viewerName,
            KeyPair viewerStatic,
            boolean pair,
            List<Candidate> localCandidates,
            InstantSource wallClock,
            SecureRandom secureRandom,
            SessionTimers timers,
            RandomGenerator random) {
        this.camera = camera;
        this.sessionId = sessionId;
        this.localCandidates = List.copyOf(localCandidates);
        this.hello = new ViewerHello(sessionId, pair, this.localCandidates, password, viewerName);
        this.viewerStatic = viewerStatic;
        this.wallClock = wallClock;
        this.secureRandom = secureRandom;
        this.timers = timers;
        this.random = random;
    }

    /** The first message for the camera whose verified key is {@code cameraKey}, stamped now. */
    Bytes firstMessage(CameraPublicKey cameraKey) {
        this.cameraKey = cameraKey;
        // A fresh ephemeral key, and a timestamp above the last one even if the wall clock stood
        // still or stepped back: the camera must not take a fresh handshake for a replay.
        lastTimestamp = Math.max(Tai64n.epochNanos(wallClock.instant()), lastTimestamp + 1);
        handshake = new ViewerHandshake(camera, cameraKey, viewerStatic, hello, lastTimestamp, secureRandom);
        handshakes++;
        return handshake.firstMessage();
    }

    /** A new first message for the same camera after a {@link SeenBefore}: new ephemeral key, new timestamp. */
    Bytes freshMessage() {
        return firstMessage(cameraKey);
    }

    /**
     * Reads the camera's second message (the answer to the last {@link #firstMessage}) as the
     * {@code cloud} node relayed it, with the camera's {@code candidates} and the {@code relayGrant}
     * the cloud gave the pair (empty and {@link RelayGrant#NONE} for a rejection); {@code cloudOverTcp}:
     * this viewer reaches that node over TCP, so the session probes its relay at once; {@code copies}:
     * how many requests carried this handshake.
     */
    Outcome read(
            Bytes secondMessage,
            List<Candidate> candidates,
            RelayGrant relayGrant,
            InetSocketAddress cloud,
            boolean cloudOverTcp,
            int copies,
            long now) {
        ViewerHandshake.Outcome outcome;
        try {
            outcome = handshake.finish(secondMessage);
        } catch (SessionException e) {
            return new Failed(ViewerFailure.HANDSHAKE_FAILED, e.getMessage());
        }
        if (outcome.refusal() != null) {
            return refused(outcome.refusal(), copies);
        }
        CameraWelcome welcome = outcome.welcome();
        return switch (welcome.verdict()) {
            case ADMITTED -> {
                if (welcome.relayTicket() != relayGrant.ticket()) {
                    yield new Failed(
                            ViewerFailure.HANDSHAKE_FAILED, "the cloud changed the relay ticket the camera sent");
                }
                RelayFrame.Route relay = RelayFrame.Route.of(cloud, relayGrant, RelayFrame.FROM_VIEWER);
                // The camera's registered address, which the cloud puts first, then the camera's own,
                // authenticated. Nothing else the result carries: whoever rewrote it would choose where
                // this viewer sends its probes (and its birthday spray, at reflexive addresses).
                List<Candidate> cameraCandidates = new ArrayList<>();
                if (!candidates.isEmpty() && candidates.getFirst().kind() == Candidate.Kind.REFLEXIVE) {
                    cameraCandidates.add(candidates.getFirst());
                }
                cameraCandidates.addAll(welcome.candidates());
                SecureSession session = new SecureSession(
                        outcome.keys(),
                        SecureSession.Side.VIEWER,
                        sessionId,
                        welcome.cameraSessionId(),
                        ReachableCandidates.of(cameraCandidates, localCandidates),
                        relay,
                        cloudOverTcp ? timers.withRelayAtOnce() : timers,
                        random,
                        now);
                yield new Admitted(welcome, session);
            }
            case WRONG_PASSWORD -> new Failed(ViewerFailure.AUTH_FAILED, "wrong password for camera " + camera);
            case TOO_MANY_ATTEMPTS ->
                new Failed(ViewerFailure.TOO_MANY_ATTEMPTS, "too many wrong passwords; the camera asks to wait");
            case PASSWORD_NEEDED ->
                new Failed(
                        ViewerFailure.PASSWORD_NEEDED,
                        "camera " + camera + " does not know this viewer (any more): its password is needed");
            case BUSY -> new Failed(ViewerFailure.CAMERA_BUSY, "the camera serves as many viewers as it can");
            case UNKNOWN ->
                new Failed(
                        ViewerFailure.HANDSHAKE_FAILED, "the camera answered with a verdict this viewer does not know");
        };
    }

    /**
     * The camera refused our first message without reading it (unauthenticated: for the user only).
     * STALE means a replay or a clock off by more than 120 s. A handshake that went out more than
     * once may simply have reached the camera twice, as two forwards (a move to TCP, another node, a
     * retransmission after the cloud forgot the result: §3.1, §5.3, §5.4), the first admitted and its
     * answer lost: that calls for a fresh handshake, as WireGuard sends a new initiation, not for
     * blaming the clock. Blamed alone only when the handshake went out once.
     */
    private Outcome refused(HandshakeRefusal refusal, int copies) {
        if (refusal.reason() == HandshakeRefusal.Reason.STALE && copies > 1) {
            return handshakes < MAX_HANDSHAKES
                    ? new SeenBefore()
                    : new Failed(
                            ViewerFailure.HANDSHAKE_FAILED,
                            "the camera kept refusing our handshake as already seen: its answers were lost on the"
                                    + " way (a lossy network?), or this computer's clock is wrong");
        }
        return switch (refusal.reason()) {
            case THROTTLED ->
                new Failed(
                        ViewerFailure.TOO_MANY_ATTEMPTS,
                        "the camera is limiting viewers it does not know yet; try again in "
                                + refusal.retryAfterSeconds() + " s");
            case STALE ->
                new Failed(
                        ViewerFailure.HANDSHAKE_FAILED,
                        "the camera refused our handshake as stale: is this computer's clock right?");
            case UNKNOWN -> new Failed(ViewerFailure.HANDSHAKE_FAILED, "the camera refused our handshake");
        };
    }
}
