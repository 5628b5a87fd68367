package io.p2pcam.loadgen;

import io.p2pcam.loadgen.CameraFleet.State;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.cloud.ResumeSecrets;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The cameras' side of the protocol (docs/PROTOCOL.md §4–§5): register, keep alive, check each
 * forward's tag as a real camera does ({@link FleetForwardKeys}: one that does not verify is dropped
 * and counted, and its connect fails at the viewer), answer the others with "accept", and hold
 * resumption tickets (§4.8): the secret sealed in REGISTERED is
 * opened with the camera's X25519 key (after a signed REGISTER) or the previous ticket's secret
 * (after a RESUME), and a camera that holds a ticket answers its next challenge with RESUME instead
 * of a signed REGISTER. A refused ticket is dropped and the camera starts over with REGISTER_HELLO
 * and a signature (a real camera signs with the same cookie: one round trip less). Each camera
 * always uses the socket its {@link SocketPlan} gives it, so its registration, keepalives and
 * answers share one source address, as the cloud requires; connect targets have sockets of their own.
 *
 * <p>The pacer thread starts registrations and sends keepalives; the receive threads handle
 * replies; a small pool signs REGISTERs (the one costly step, ~50 µs), opens sealed ticket
 * secrets (an X25519 agreement) and computes RESUME proofs. Thread-safe through
 * {@link CameraFleet}'s per-camera state.
 */
final class SimulatedCameras {
    private final CameraFleet fleet;
    private final CloudSockets sockets;
    private final SocketPlan plan;
    private final LoadCounters counters;
    private final RunClock clock;
    private final ExecutorService signers;
    private final FleetForwardKeys forwardKeys;
    private final Queue<Integer> lost = new ConcurrentLinkedQueue<>();
    /** Cameras whose next timer a reply moved earlier, for the pacer's wheel. */
    private final Queue<Integer> rescheduled = new ConcurrentLinkedQueue<>();

    private final List<List<Candidate>> localCandidates;
    private volatile Phase phase = Phase.RAMP;

    SimulatedCameras(
            CameraFleet fleet,
            CloudSockets sockets,
            SocketPlan plan,
            LoadCounters counters,
            RunClock clock,
            int signerThreads) {
        if (plan.sockets() != sockets.count()) {
            throw new IllegalArgumentException(plan + " does not fit " + sockets.count() + " sockets");
        }
        this.fleet = fleet;
        this.sockets = sockets;
        this.plan = plan;
        this.counters = counters;
        this.clock = clock;
        this.forwardKeys = new FleetForwardKeys(fleet.size());
        this.signers = Executors.newFixedThreadPool(
                signerThreads, Thread.ofPlatform().daemon().name("signer-", 0).factory());
        this.localCandidates = IntStream.range(0, sockets.count())
                .mapToObj(k -> List.of(Candidate.local(sockets.localAddress(k))))
                .toList();
    }

    void setPhase(Phase phase) {
        this.phase = phase;
    }

    int socketOf(int camera) {
        return plan.socketOf(camera);
    }

    /** SendScheduler: sends REGISTER_HELLO, a new request, for a camera that has just moved to HELLO_SENT. */
    void sendHello(int camera) {
        long txn = Transaction.of(Transaction.Kind.HELLO, phase, camera);
        fleet.startRequest(camera, txn);
        sockets.send(socketOf(camera), CloudCodec.encode(new RegisterHello(txn, fleet.publicKey(camera))));
        counters.hellosSent.increment();
    }

    /** SendScheduler: the same REGISTER_HELLO again. */
    void resendHello(int camera) {
        long txn = fleet.transaction(camera);
        sockets.send(socketOf(camera), CloudCodec.encode(new RegisterHello(txn, fleet.publicKey(camera))));
        counters.retransmissions.increment();
    }

    /** SendScheduler: the same REGISTER or RESUME again (recomputed: Ed25519 signatures are deterministic). */
    void resendAnswer(int camera) {
        counters.retransmissions.increment();
        answerChallenge(camera, socketOf(camera), false);
    }

    /** SendScheduler: sends a registered camera's KEEPALIVE, a new request, encoded into {@code buffer}. */
    void sendKeepalive(int camera, ByteBuffer buffer) {
        Phase now = phase;
        long txn = Transaction.of(Transaction.Kind.KEEPALIVE, now, camera);
        fleet.startRequest(camera, txn);
        fleet.setKeepaliveOutstanding(camera, true);
        fleet.writeKeepalive(camera, txn, buffer);
        sockets.send(socketOf(camera), buffer);
        counters.keepalivesSent.increment(now);
    }

    /** SendScheduler: the unanswered KEEPALIVE again. */
    void resendKeepalive(int camera, ByteBuffer buffer) {
        fleet.writeKeepalive(camera, fleet.transaction(camera), buffer);
        sockets.send(socketOf(camera), buffer);
        counters.retransmissions.increment();
    }

    /** SendScheduler: the next camera the cloud forgot, or -1. */
    int pollLost() {
        Integer camera = lost.poll();
        return camera == null ? -1 : camera;
    }

    /** SendScheduler: the next camera whose timer a reply moved, or -1. */
    int pollRescheduled() {
        Integer camera = rescheduled.poll();
        return camera == null ? -1 : camera;
    }

    /** The camera's next timer is the first retransmission of the request it has just started. */
    private void restartTimer(int camera) {
        fleet.setDueAt(camera, clock.millis() + CameraRetries.requestWait(0, ThreadLocalRandom.current()));
        rescheduled.add(camera);
    }

    /** Receive threads: a datagram arrived on camera socket {@code socket}. */
    void received(int socket, byte[] data, int length) {
        if (KeepaliveAckReader.matches(data, length)) {
            // The hot path (50k a second at a million cameras): read in place, no objects.
            long txn = KeepaliveAckReader.transaction(data);
            onKeepaliveAck(Transaction.index(txn), txn, KeepaliveAckReader.keepaliveMillis(data));
            return;
        }
        CloudMessage message;
        try {
            message = CloudCodec.decode(data, 0, length);
        } catch (CloudDecodeException e) {
            counters.undecodable.increment();
            return;
        }
        int camera = Transaction.index(message.transaction());
        if (camera < 0 || camera >= fleet.size()) {
            if (!(message instanceof ConnectForward)) {
                counters.unexpected.increment();
                return;
            }
        }
        switch (message) {
            case RegisterChallenge challenge -> onChallenge(camera, socket, challenge);
            case Registered registered -> onRegistered(camera, registered);
            case KeepaliveAck ack -> onKeepaliveAck(camera, ack.transaction(), ack.keepaliveMillis());
            case ConnectForward forward -> onForward(socket, forward);
            case ErrorReply error -> onError(camera, error);
            default -> counters.unexpected.increment();
        }
    }

    private void onChallenge(int camera, int socket, RegisterChallenge challenge) {
        if (challenge.transaction() != fleet.transaction(camera)
                || !fleet.transition(camera, State.HELLO_SENT, State.REGISTER_SENT)) {
            counters.unexpected.increment(); // a late or repeated challenge: the camera ignores it
            return;
        }
        fleet.startAnswer(camera, challenge.cookie(), fleet.hasTicket(camera));
        restartTimer(camera);
        answerChallenge(camera, socket, true);
    }

    /** REGISTER or RESUME (as started by {@link CameraFleet#startAnswer}), on the signer pool. */
    private void answerChallenge(int camera, int socket, boolean first) {
        try {
            signers.execute(() -> {
                if (fleet.state(camera) != State.REGISTER_SENT) {
                    return; // answered or given up meanwhile
                }
                if (fleet.resuming(camera)) {
                    sendResume(camera, socket, first);
                } else {
                    sendRegister(camera, socket, first);
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** RESUME: the ticket and a MAC under its secret over the message (§4.8), no signature. */
    private void sendResume(int camera, int socket, boolean first) {
        long txn = fleet.transaction(camera);
        Bytes cookie = fleet.cookie(camera);
        CameraPublicKey key = fleet.publicKey(camera);
        Bytes ticket = fleet.ticket(camera);
        byte[] proven = CloudCodec.resumeProvenBytes(txn, key, cookie, ticket);
        Bytes proof = Bytes.of(ResumeSecrets.proof(fleet.ticketSecret(camera), proven));
        sockets.send(socket, CloudCodec.encode(new Resume(txn, key, cookie, ticket, proof)));
        if (first) {
            counters.resumesSent.increment();
        }
    }

    private void sendRegister(int camera, int socket, boolean first) {
        long txn = fleet.transaction(camera);
        Bytes cookie = fleet.cookie(camera);
        CameraPublicKey key = fleet.publicKey(camera);
        List<Candidate> locals = localCandidates.get(socket);
        byte[] signed = CloudCodec.registerSignedBytes(txn, key, cookie, locals);
        byte[] secret = new byte[CameraFleet.SECRET_BYTES];
        fleet.copySecret(camera, secret);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(
                secret, 0, fleet.keyArray(), fleet.signingKeyOffset(camera), signed, 0, signed.length, signature, 0);
        sockets.send(socket, CloudCodec.encode(new Register(txn, key, cookie, locals, Bytes.of(signature))));
        if (first) {
            counters.registersSent.increment();
        }
    }

    private void onRegistered(int camera, Registered registered) {
        if (registered.transaction() != fleet.transaction(camera) || fleet.state(camera) != State.REGISTER_SENT) {
            counters.unexpected.increment(); // a repeated answer, or one to a request given up
            return;
        }
        Transaction.Kind kind = fleet.resuming(camera) ? Transaction.Kind.RESUME : Transaction.Kind.REGISTER;
        ResumeGrant grant = registered.resume();
        if (kind == Transaction.Kind.REGISTER && grant.present()) {
            // An X25519 agreement (~50-100 µs): on the pool, off the thread that reads keepalive acks.
            try {
                signers.execute(() -> {
                    byte[] secret = fleet.agreementKeys()
                            .openSigned(camera, fleet.publicKey(camera).agreementKey(), grant);
                    if (secret == null) {
                        fleet.forgetTicket(camera);
                    } else {
                        fleet.storeTicket(camera, grant.ticket(), secret);
                        counters.ticketsOpened.increment();
                    }
                    completeRegistration(camera, registered, kind);
                });
            } catch (RejectedExecutionException e) {
                // shutting down
            }
            return;
        }
        if (kind == Transaction.Kind.RESUME && grant.present()) {
            fleet.storeTicket(camera, grant.ticket(), ResumeSecrets.openRenewed(fleet.ticketSecret(camera), grant));
        } else if (kind == Transaction.Kind.REGISTER) {
            fleet.forgetTicket(camera); // a cloud that hands out no tickets
        }
        // A REGISTERED answering a RESUME without a new ticket keeps the presented one (§4.8).
        completeRegistration(camera, registered, kind);
    }

    private void completeRegistration(int camera, Registered registered, Transaction.Kind kind) {
        forwardKeys.registered(camera, registered.token(), clock.millis());
        fleet.storeRegistration(camera, registered.token(), registered.keepaliveMillis(), clock.millis());
        if (fleet.transition(camera, State.REGISTER_SENT, State.REGISTERED)) {
            counters.registrations.increment();
            if (kind == Transaction.Kind.RESUME) {
                counters.resumed.increment();
            }
        }
    }

    private void onKeepaliveAck(int camera, long transaction, int keepaliveMillis) {
        if (Transaction.kind(transaction) != Transaction.Kind.KEEPALIVE || camera < 0 || camera >= fleet.size()) {
            counters.unexpected.increment();
            return;
        }
        if (transaction != fleet.transaction(camera)
                || !fleet.keepaliveOutstanding(camera)
                || fleet.state(camera) != State.REGISTERED) {
            return; // the ack of a retransmitted keepalive already answered: the camera ignores it
        }
        fleet.setKeepaliveMillis(camera, keepaliveMillis);
        fleet.setKeepaliveOutstanding(camera, false);
        // Later than the retransmission the wheel holds: the pacer finds the new time when that comes up.
        fleet.setDueAt(camera, clock.millis() + Math.max(CameraFleet.MIN_KEEPALIVE_WAIT_MILLIS, keepaliveMillis));
        counters.keepalivesAcked.increment(Transaction.phase(transaction));
    }

    private void onForward(int socket, ConnectForward forward) {
        int camera = TaggedViewerHandshake.cameraOf(forward.handshake());
        if (camera < 0
                || camera >= fleet.size()
                || socketOf(camera) != socket
                || fleet.state(camera) != State.REGISTERED) {
            counters.unexpected.increment();
            return;
        }
        if (!forwardKeys.authenticates(camera, forward, clock.millis())) {
            counters.forwardsUnauthenticated.increment(); // a real camera drops it and sends nothing (§4.7)
            return;
        }
        ConnectAnswer answer = new ConnectAnswer(
                forward.transaction(),
                fleet.id(camera),
                fleet.token(camera),
                true,
                localCandidates.get(socket),
                TaggedViewerHandshake.answer(forward.handshake(), System.nanoTime()));
        sockets.send(socket, CloudCodec.encode(answer));
        counters.forwardsAnswered.increment();
    }

    /** An ERROR answering the outstanding request: what CameraRegistration.onError does. */
    private void onError(int camera, ErrorReply error) {
        State state = fleet.state(camera);
        counters.error(requestOf(camera, state, error.transaction()), error.code());
        if (error.transaction() != fleet.transaction(camera) || state == State.BACKING_OFF || state == State.LOST) {
            return; // stale
        }
        switch (error.code()) {
            case NOT_REGISTERED, CHALLENGE_EXPIRED -> {
                if (state == State.REGISTERED) {
                    counters.keepalivesRefused.increment(Transaction.phase(error.transaction()));
                }
                if (fleet.transition(camera, state, State.LOST)) {
                    lost.add(camera); // the pacer says HELLO at once
                }
            }
            case RATE_LIMITED -> {
                int wait = CameraRetries.backOff(fleet.nextFailure(camera), ThreadLocalRandom.current());
                if (fleet.transition(camera, state, State.BACKING_OFF)) {
                    fleet.setDueAt(camera, clock.millis() + wait); // later than any timer it had
                }
            }
            case TICKET_REFUSED -> {
                if (state == State.REGISTER_SENT && fleet.resuming(camera)) {
                    // Unknown key, expired or a bad proof: sign from now on, with the same cookie and transaction.
                    fleet.forgetTicket(camera);
                    fleet.startAnswer(camera, fleet.cookie(camera), false);
                    restartTimer(camera);
                    answerChallenge(camera, socketOf(camera), true);
                }
            }
            case UNKNOWN -> {}
        }
    }

    /** What an ERROR answered: a KEEPALIVE by its transaction, else the registration step the camera is at. */
    private Transaction.Kind requestOf(int camera, State state, long transaction) {
        if (Transaction.kind(transaction) == Transaction.Kind.KEEPALIVE) {
            return Transaction.Kind.KEEPALIVE;
        }
        return switch (state) {
            case REGISTER_SENT -> fleet.resuming(camera) ? Transaction.Kind.RESUME : Transaction.Kind.REGISTER;
            default -> Transaction.Kind.HELLO;
        };
    }

    void close() {
        signers.shutdownNow();
    }
}
