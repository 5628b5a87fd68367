package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.HandshakeState;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.Split;
import io.p2pcam.protocol.pairing.HandshakeAdmission;
import io.p2pcam.protocol.pairing.HandshakeEnvelope;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The camera's side of the session handshake (docs/PROTOCOL.md §10.1): lets the
 * {@link HandshakeAdmission} refuse stale, replayed and over-budget first messages before any
 * X25519 work, reads the Noise IK message, refuses a viewer key whose last accepted timestamp is
 * not older (a replay after a restart or a revocation), then admits a paired viewer by its key
 * alone and an unpaired one by the password, pairing it when it asks. Writes the second message
 * with the verdict. Not thread-safe.
 */
public final class CameraHandshake {
    private final CameraIdentity identity;
    private final Password password;
    private final PairingStore pairings;
    private final UnpairedBudget budget;
    private final HandshakeAdmission admission;
    private final InstantSource wallClock;
    private final SecureRandom random;

    /**
     * What a camera admits viewers with: the password, the paired viewers, the budget for the others,
     * and the wall clock (timestamps are wall-clock time; {@code now} everywhere else is monotonic).
     */
    public record Access(
            Password password, PairingStore pairings, UnpairedBudget.Limits limits, InstantSource wallClock) {
        @Override
        public String toString() {
            return "Access[password=" + password + ", pairings="
                    + pairings.pairings().size() + ", limits=" + limits + "]";
        }
    }

    /**
     * The verdict and the reply for the viewer; when admitted, the keys, the viewer's hello and its
     * static key. {@code refusal} is set when the message was refused before it was read.
     */
    public record Answer(
            Verdict verdict,
            Bytes secondMessage,
            ViewerHello hello,
            Split keys,
            Bytes viewerKey,
            boolean paired,
            HandshakeRefusal refusal) {
        public boolean admitted() {
            return verdict == Verdict.ADMITTED;
        }

        static Answer refused(HandshakeRefusal refusal) {
            return new Answer(Verdict.UNKNOWN, refusal.encode(), null, null, null, false, refusal);
        }
    }

    public CameraHandshake(CameraIdentity identity, Access access, SecureRandom random, long now) {
        this.identity = identity;
        this.password = access.password();
        this.pairings = access.pairings();
        this.budget = new UnpairedBudget(access.limits(), now);
        this.wallClock = access.wallClock();
        this.admission = new HandshakeAdmission(pairings, budget, Tai64n.epochNanos(wallClock.instant()));
        this.random = random;
    }

    public PairingStore pairings() {
        return pairings;
    }

    /**
     * Answers a first message from {@code viewer} (the source address the cloud reports).
     * {@code welcome} builds the admitted viewer's welcome (session ID, stream, candidates, ticket);
     * it is not called for refused viewers.
     *
     * @throws SessionException when the message is not a valid first message for this camera; the
     *     caller refuses the connect without a reply the viewer could read
     */
    public Answer answer(Bytes firstMessage, InetAddress viewer, long now, Function<ViewerHello, CameraWelcome> welcome)
            throws SessionException {
        return answer(firstMessage, viewer, now, welcome, Bytes.EMPTY);
    }

    /**
     * As {@link #answer(Bytes, InetAddress, long, Function)}, and a paired viewer's welcome carries
     * its {@link CloudPass} under {@code cloudPassKey}, the camera's pass key from the cloud that
     * forwarded the request (empty: that cloud gave none, and the welcome carries no pass).
     */
    public Answer answer(
            Bytes firstMessage,
            InetAddress viewer,
            long now,
            Function<ViewerHello, CameraWelcome> welcome,
            Bytes cloudPassKey)
            throws SessionException {
        return answer(firstMessage, viewer, now, (hello, viewerKey) -> welcome.apply(hello), cloudPassKey);
    }

    /**
     * As {@link #answer(Bytes, InetAddress, long, Function, Bytes)}, {@code welcome} also given the
     * viewer's authenticated static key (a camera counts that viewer's abandoned sessions out of its
     * viewer limit, §10.1).
     */
    public Answer answer(
            Bytes firstMessage,
            InetAddress viewer,
            long now,
            BiFunction<ViewerHello, Bytes, CameraWelcome> welcome,
            Bytes cloudPassKey)
            throws SessionException {
        byte[] blob = firstMessage.toArray();
        HandshakeEnvelope envelope = HandshakeEnvelope.decode(blob);
        if (envelope == null) {
            throw new SessionException("first message too short");
        }
        long wall = Tai64n.epochNanos(wallClock.instant());
        HandshakeAdmission.Gate gate = admission.admit(blob, envelope, viewer, wall, now);
        if (gate instanceof HandshakeAdmission.Gate.Refused refused) {
            return Answer.refused(refused.refusal());
        }
        HandshakeState noise = HandshakeState.responder(SessionPrologue.PATTERN, random)
                .prologue(SessionPrologue.of(identity.id(), Arrays.copyOf(blob, Tai64n.BYTES)))
                .localStatic(identity.noiseStaticKey())
                .build();
        ViewerHello hello;
        try {
            hello = ViewerHello.decode(noise.readMessage(envelope.noiseMessage().toArray()));
        } catch (NoiseException e) {
            admission.unauthenticated(envelope);
            throw new SessionException("first message does not authenticate: " + e.getMessage(), e);
        }
        Bytes viewerKey = Bytes.of(noise.remoteStaticKey().orElseThrow());
        if (gate instanceof HandshakeAdmission.Gate.Paired tagged
                && !tagged.pairing().viewerKey().equals(viewerKey)) {
            throw new SessionException("pairing tag of one viewer on another viewer's handshake");
        }
        long timestamp = envelope.timestampNanos();
        if (timestamp <= pairings.highWater(viewerKey)) {
            return Answer.refused(HandshakeRefusal.stale()); // replayed after a restart or a revocation
        }
        boolean paired = false;
        Verdict verdict;
        try {
            if (pairings.find(viewerKey) != null) {
                pairings.accept(viewerKey, timestamp);
                paired = true;
                verdict = Verdict.ADMITTED;
            } else if (hello.password().isEmpty()) {
                verdict = Verdict.PASSWORD_NEEDED;
            } else if (!password.matches(hello.password())) {
                budget.failed(now);
                verdict = Verdict.WRONG_PASSWORD;
            } else {
                budget.succeeded();
                paired = hello.pair() && pairings.pair(viewerKey, hello.viewerName(), timestamp, wall / 1_000_000);
                verdict = Verdict.ADMITTED;
            }
        } catch (PairingStoreException e) {
            throw new SessionException("cannot record the pairing, refusing: " + e.getMessage(), e);
        }
        CameraWelcome reply = (verdict == Verdict.ADMITTED
                        ? welcome.apply(hello, viewerKey)
                        : CameraWelcome.refused(verdict))
                .withPairing(
                        paired,
                        paired && cloudPassKey.length() != 0
                                ? CloudPass.issue(cloudPassKey, viewerKey)
                                : CloudPass.NONE);
        verdict = reply.verdict(); // the camera may still say BUSY
        byte[] second = noise.writeMessage(reply.encode());
        boolean admitted = verdict == Verdict.ADMITTED;
        return new Answer(
                verdict,
                Bytes.of(second),
                admitted ? hello : null,
                admitted ? noise.split() : null,
                viewerKey,
                paired,
                null);
    }
}
