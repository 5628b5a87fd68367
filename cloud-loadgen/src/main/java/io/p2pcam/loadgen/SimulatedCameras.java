package io.p2pcam.loadgen;

import io.p2pcam.loadgen.CameraFleet.State;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
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
import java.util.stream.IntStream;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The cameras' side of the protocol (docs/PROTOCOL.md §4–§5): register, keep alive, answer
 * forwards with "accept", and hold resumption tickets (§4.8): the secret sealed in REGISTERED is
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
    private final Queue<Integer> lost = new ConcurrentLinkedQueue<>();
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

    /** SendScheduler: sends REGISTER_HELLO for a camera that has just moved to HELLO_SENT. */
    void sendHello(int camera) {
        long txn = Transaction.of(Transaction.Kind.HELLO, phase, camera);
        sockets.send(socketOf(camera), CloudCodec.encode(new RegisterHello(txn, fleet.publicKey(camera))));
        counters.hellosSent.increment();
    }

    /** SendScheduler: sends a registered camera's KEEPALIVE, encoded into {@code buffer}. */
    void sendKeepalive(int camera, ByteBuffer buffer) {
        Phase now = phase;
        fleet.writeKeepalive(camera, Transaction.of(Transaction.Kind.KEEPALIVE, now, camera), buffer);
        sockets.send(socketOf(camera), buffer);
        counters.keepalivesSent.increment(now);
    }

    /** SendScheduler: the next camera the cloud forgot, or -1. */
    int pollLost() {
        Integer camera = lost.poll();
        return camera == null ? -1 : camera;
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
        if (Transaction.kind(challenge.transaction()) != Transaction.Kind.HELLO
                || !fleet.transition(camera, State.HELLO_SENT, State.REGISTER_SENT)) {
            counters.unexpected.increment();
            return;
        }
        boolean resume = fleet.hasTicket(camera);
        try {
            signers.execute(
                    resume
                            ? () -> sendResume(camera, socket, challenge.cookie())
                            : () -> sendRegister(camera, socket, challenge.cookie()));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /** RESUME: the ticket and a MAC under its secret over the message (§4.8), no signature. */
    private void sendResume(int camera, int socket, Bytes cookie) {
        long txn = Transaction.of(Transaction.Kind.RESUME, phase, camera);
        CameraPublicKey key = fleet.publicKey(camera);
        Bytes ticket = fleet.ticket(camera);
        byte[] proven = CloudCodec.resumeProvenBytes(txn, key, cookie, ticket);
        Bytes proof = Bytes.of(ResumeSecrets.proof(fleet.ticketSecret(camera), proven));
        sockets.send(socket, CloudCodec.encode(new Resume(txn, key, cookie, ticket, proof)));
        counters.resumesSent.increment();
    }

    private void sendRegister(int camera, int socket, Bytes cookie) {
        long txn = Transaction.of(Transaction.Kind.REGISTER, phase, camera);
        CameraPublicKey key = fleet.publicKey(camera);
        List<Candidate> locals = localCandidates.get(socket);
        byte[] signed = CloudCodec.registerSignedBytes(txn, key, cookie, locals);
        byte[] secret = new byte[CameraFleet.SECRET_BYTES];
        fleet.copySecret(camera, secret);
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(
                secret, 0, fleet.keyArray(), fleet.signingKeyOffset(camera), signed, 0, signed.length, signature, 0);
        sockets.send(socket, CloudCodec.encode(new Register(txn, key, cookie, locals, Bytes.of(signature))));
        counters.registersSent.increment();
    }

    private void onRegistered(int camera, Registered registered) {
        Transaction.Kind kind = Transaction.kind(registered.transaction());
        if (kind != Transaction.Kind.REGISTER && kind != Transaction.Kind.RESUME
                || fleet.state(camera) != State.REGISTER_SENT) {
            counters.unexpected.increment();
            return;
        }
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
        fleet.setKeepaliveMillis(camera, keepaliveMillis);
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

    private void onError(int camera, ErrorReply error) {
        Transaction.Kind kind = Transaction.kind(error.transaction());
        counters.error(kind, error.code());
        if (kind == Transaction.Kind.KEEPALIVE && error.code() == ErrorCode.NOT_REGISTERED) {
            counters.keepalivesRefused.increment(Transaction.phase(error.transaction()));
            if (fleet.transition(camera, State.REGISTERED, State.LOST)) {
                lost.add(camera);
            }
        } else if (kind == Transaction.Kind.RESUME && error.code() == ErrorCode.TICKET_REFUSED) {
            // Unknown key, expired or a bad proof: sign from now on, starting over at once.
            fleet.forgetTicket(camera);
            if (fleet.transition(camera, State.REGISTER_SENT, State.LOST)) {
                lost.add(camera);
            }
        }
        // Refused or expired registrations are retried when their timeout comes up.
    }

    void close() {
        signers.shutdownNow();
    }
}
