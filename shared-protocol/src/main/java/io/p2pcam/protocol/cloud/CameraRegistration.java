package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A camera's side of the cloud protocol (docs/PROTOCOL.md §4), sans I/O: registers with
 * challenge–response, keeps the registration alive at the interval the cloud gives, notices a
 * lost registration (no acks, or the cloud says NOT_REGISTERED after a restart) and registers
 * again with jittered backoff, and passes viewers' connect requests up as events.
 *
 * <p>When the cloud hands out a resumption ticket (§4.8), the camera keeps it with its secret (in
 * memory) and answers the next challenge with a RESUME, a MAC instead of a signature, so that a
 * restarted cloud takes it back cheaply; a refused or unanswered RESUME falls back to the signed
 * REGISTER.
 *
 * <p>Feed it the cloud's messages ({@link #handleMessage}) and timeouts; send what
 * {@link #pollTransmit()} returns to the cloud. Messages whose transaction ID matches nothing
 * outstanding are ignored: off-path spoofers would have to guess 64 bits. Not thread-safe.
 */
public final class CameraRegistration {
    /** Unanswered keepalive retries before the registration counts as lost. */
    public static final int KEEPALIVE_RETRIES = 3;

    /** Transmissions of a HELLO, REGISTER or RESUME before the camera backs off. */
    public static final int REQUEST_TRIES = 4;
    /**
     * Keepalives go at least this often whatever the cloud asks: they also hold the camera's NAT
     * mapping towards the cloud, without which CONNECT_FORWARDs are dropped and the camera looks
     * offline while registered. Linux drops an unreplied-then-idle UDP mapping after 30 s, carrier
     * NATs after 10–30 s (REFERENCE.md §2); 8 s holds the lab's 10 s profile with room for a lost
     * keepalive's first retransmission.
     */
    public static final int NAT_KEEPALIVE_CAP_MILLIS = 8_000;

    private static final int REMEMBERED_ANSWERS = 64;

    public enum State {
        HELLO_SENT,
        REGISTER_SENT,
        REGISTERED,
        BACKING_OFF
    }

    private final CameraIdentity identity;
    private final RandomGenerator random;
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<CameraRegistrationEvent> events = new ArrayDeque<>();
    private final Map<Long, byte[]> answers = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > REMEMBERED_ANSWERS;
        }
    };
    private List<Candidate> localCandidates;
    private State state;
    private long transaction;
    private byte[] outstanding;
    private int attempt;
    private int failures;
    private long deadline;
    private Registered registration;
    /** The resumption ticket and its secret, or null: presented instead of a signature at the next challenge. */
    private Bytes ticket;

    private byte[] ticketSecret;
    /**
     * The camera's pass key from the cloud's latest grant (§5.3), empty if it gave none: what this
     * camera's paired viewers' cloud passes are made under. Kept when a ticket is forgotten: it is a
     * secret of the cloud, not of the ticket.
     */
    private Bytes cloudPassKey = Bytes.EMPTY;
    /** The keys a forward from this node must be tagged under (§4.7). */
    private final ForwardKeys forwardKeys = new ForwardKeys();
    /** Forwards dropped because their tag did not verify: forged, or from another registration. */
    private long unauthenticatedForwards;

    /** The challenge being answered, kept for a signed REGISTER if the RESUME is refused. */
    private RegisterChallenge challenge;
    /** Whether the outstanding request is a RESUME. */
    private boolean resuming;

    public CameraRegistration(
            CameraIdentity identity, List<Candidate> localCandidates, RandomGenerator random, long now) {
        this.identity = identity;
        this.localCandidates = List.copyOf(localCandidates);
        this.random = random;
        sendHello(now);
    }

    public State state() {
        return state;
    }

    /** The camera's pass key at this cloud, empty if the cloud gave none (docs/PROTOCOL.md §5.3). */
    public Bytes cloudPassKey() {
        return cloudPassKey;
    }

    /** The cloud's current registration, or null while not registered. */
    public Registered registration() {
        return state == State.REGISTERED ? registration : null;
    }

    /** The camera's interfaces changed: register again so that the cloud has the new candidates. */
    public void updateLocalCandidates(List<Candidate> candidates, long now) {
        localCandidates = List.copyOf(candidates);
        sendHello(now);
    }

    public void handleMessage(CloudMessage message, long now) {
        switch (message) {
            case RegisterChallenge challenge
            when state == State.HELLO_SENT && challenge.transaction() == transaction -> sendRegister(challenge, now);
            case Registered registered
            when state == State.REGISTER_SENT && registered.transaction() == transaction -> {
                keepTicket(registered.resume());
                forwardKeys.registered(registered.token(), now);
                registration = registered;
                failures = 0;
                state = State.REGISTERED;
                events.add(
                        new CameraRegistrationEvent.Registered(registered.reflexive(), registered.keepaliveMillis()));
                scheduleKeepalive(registered.keepaliveMillis(), now);
            }
            case KeepaliveAck ack
            when state == State.REGISTERED && ack.transaction() == transaction && outstanding != null -> {
                outstanding = null;
                scheduleKeepalive(ack.keepaliveMillis(), now);
            }
            case ErrorReply error
            when error.transaction() == transaction && state != State.BACKING_OFF -> onError(error, now);
            case ConnectForward forward
            when state == State.REGISTERED -> {
                if (forwardKeys.authenticates(forward, now)) {
                    onForward(forward);
                } else {
                    unauthenticatedForwards++; // dropped before its handshake is looked at (§4.7)
                }
            }
            default -> {
                // Stale, duplicate or unsolicited: nothing to do.
            }
        }
    }

    /**
     * Answers a forwarded connect request. Only an accepted answer carries the camera's candidates
     * to the viewer (the cloud adds the camera's reflexive address).
     */
    public void answer(long forwardId, boolean accept, List<Candidate> candidates, Bytes handshake) {
        if (registration == null) {
            return; // lost meanwhile; the viewer will time out and retry
        }
        byte[] answer = CloudCodec.encode(new ConnectAnswer(
                forwardId, identity.id(), registration.token(), accept, accept ? candidates : List.of(), handshake));
        answers.put(forwardId, answer);
        transmits.add(answer);
    }

    /**
     * The camera now reaches the cloud over another transport (UDP ↔ TCP, docs/PROTOCOL.md §3.1),
     * so from another source address; the cloud's cookies and its registration are bound to the
     * old one. A challenge in hand or a REGISTER or RESUME in flight would be dropped on the new
     * path without an answer: a fresh HELLO goes instead (a new transaction, so answers still
     * arriving on the old path are stale), on the old request's retransmission budget and timer,
     * so that a camera flipping between paths while the cloud is down still backs off. A
     * registration is reported lost and made again at once. The ticket is kept. A camera backing
     * off keeps its timer: the new path is no sign that the cloud is back.
     */
    public void pathChanged(long now) {
        switch (state) {
            case BACKING_OFF -> {}
            case REGISTERED -> {
                events.add(new CameraRegistrationEvent.Lost("the path to the cloud changed", true));
                registration = null;
                sendHello(now);
            }
            case HELLO_SENT, REGISTER_SENT -> {
                state = State.HELLO_SENT;
                replaceRequest(newHello()); // the attempt count and the timer stay the old request's
            }
        }
    }

    public long nextTimeout() {
        return deadline;
    }

    public void handleTimeout(long now) {
        if (now < deadline) {
            return;
        }
        switch (state) {
            case HELLO_SENT, REGISTER_SENT -> {
                if (++attempt >= REQUEST_TRIES) {
                    if (state == State.REGISTER_SENT && resuming) {
                        forgetTicket(); // a cloud that answers HELLO but not RESUME: sign next time
                    }
                    backOff("no answer from the cloud", now);
                } else {
                    transmits.add(outstanding);
                    deadline = now + RetransmitSchedule.REQUEST.delay(attempt, random);
                }
            }
            case REGISTERED -> {
                if (outstanding == null) {
                    sendKeepalive(now);
                } else if (++attempt > KEEPALIVE_RETRIES) {
                    backOff("keepalives unanswered", now);
                } else {
                    transmits.add(outstanding);
                    deadline = now + RetransmitSchedule.REQUEST.delay(attempt, random);
                }
            }
            case BACKING_OFF -> sendHello(now);
        }
    }

    /** CONNECT_FORWARDs dropped, while registered, because their tag did not verify (§4.7). */
    public long unauthenticatedForwards() {
        return unauthenticatedForwards;
    }

    /** Whether the camera holds a resumption ticket to present at its next registration. */
    public boolean hasResumptionTicket() {
        return ticket != null;
    }

    /** The next datagram for the cloud, or null. */
    public byte[] pollTransmit() {
        return transmits.poll();
    }

    public CameraRegistrationEvent pollEvent() {
        return events.poll();
    }

    private void sendHello(long now) {
        state = State.HELLO_SENT;
        startRequest(newHello(), now);
    }

    private RegisterHello newHello() {
        return new RegisterHello(random.nextLong(), identity.publicKey());
    }

    private void sendRegister(RegisterChallenge challenge, long now) {
        state = State.REGISTER_SENT;
        this.challenge = challenge;
        resuming = ticket != null;
        if (resuming) {
            byte[] proven = CloudCodec.resumeProvenBytes(transaction, identity.publicKey(), challenge.cookie(), ticket);
            Bytes proof = Bytes.of(ResumeSecrets.proof(ticketSecret, proven));
            startRequest(new Resume(transaction, identity.publicKey(), challenge.cookie(), ticket, proof), now);
            return;
        }
        byte[] signed =
                CloudCodec.registerSignedBytes(transaction, identity.publicKey(), challenge.cookie(), localCandidates);
        Bytes signature = Bytes.of(identity.sign(signed, 0, signed.length));
        startRequest(
                new Register(transaction, identity.publicKey(), challenge.cookie(), localCandidates, signature), now);
    }

    /**
     * Keeps the ticket a REGISTERED carries. After a signed REGISTER its secret is opened with the
     * camera's X25519 key, after a RESUME with the presented ticket's secret; a REGISTERED without
     * one leaves a resumed camera's ticket in place (a repeated REGISTERED carries none).
     */
    private void keepTicket(ResumeGrant grant) {
        if (!grant.present()) {
            if (!resuming) {
                forgetTicket();
            }
            return;
        }
        byte[] secret =
                resuming ? ResumeSecrets.openRenewed(ticketSecret, grant) : ResumeSecrets.openSigned(identity, grant);
        if (secret == null) {
            forgetTicket();
            return;
        }
        ticket = grant.ticket();
        ticketSecret = secret;
        Bytes passKey = ResumeSecrets.openPassKey(secret, grant);
        if (passKey.length() != 0) {
            cloudPassKey = passKey; // a REGISTERED with no room for it (§6.2) leaves the one we have
        }
    }

    private void forgetTicket() {
        ticket = null;
        ticketSecret = null;
    }

    private void sendKeepalive(long now) {
        startRequest(new Keepalive(random.nextLong(), identity.id(), registration.token()), now);
    }

    private void startRequest(CloudMessage request, long now) {
        replaceRequest(request);
        attempt = 0;
        deadline = now + RetransmitSchedule.REQUEST.delay(0, random);
    }

    /** Sends {@code request} as the outstanding one, leaving the attempt count and the timer as they are. */
    private void replaceRequest(CloudMessage request) {
        transaction = request.transaction();
        outstanding = CloudCodec.encode(request);
        transmits.add(outstanding);
    }

    private void scheduleKeepalive(int intervalMillis, long now) {
        outstanding = null;
        deadline = now + Math.max(1_000, Math.min(intervalMillis, NAT_KEEPALIVE_CAP_MILLIS));
    }

    private void onError(ErrorReply error, long now) {
        switch (error.code()) {
            case NOT_REGISTERED, CHALLENGE_EXPIRED -> {
                if (state == State.REGISTERED) {
                    events.add(new CameraRegistrationEvent.Lost("the cloud no longer knows this camera"));
                }
                registration = null;
                sendHello(now);
            }
            case RATE_LIMITED -> backOff("rate limited by the cloud", now);
            case TICKET_REFUSED -> {
                if (state == State.REGISTER_SENT && resuming) {
                    forgetTicket(); // the cookie was not spent: sign with the same one
                    sendRegister(challenge, now);
                }
            }
            case UNKNOWN -> {}
        }
    }

    private void onForward(ConnectForward forward) {
        byte[] earlier = answers.get(forward.transaction());
        if (earlier != null) {
            if (earlier.length > 0) {
                transmits.add(earlier); // our answer was lost: the cloud repeated the forward
            }
            return; // already reported, the application has not answered yet
        }
        answers.put(forward.transaction(), new byte[0]);
        events.add(new CameraRegistrationEvent.ConnectForwarded(
                forward.transaction(), forward.viewerCandidates(), forward.handshake(), forward.relay()));
    }

    private void backOff(String reason, long now) {
        if (state == State.REGISTERED) {
            events.add(new CameraRegistrationEvent.Lost(reason));
        }
        registration = null;
        outstanding = null;
        state = State.BACKING_OFF;
        deadline = now + RetransmitSchedule.REREGISTER.delay(failures++, random);
    }
}
