package io.p2pcam.loadgen;

import io.p2pcam.loadgen.CameraFleet.State;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraId;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/**
 * Viewers asking the cloud to connect them to random registered cameras (docs/PROTOCOL.md §5),
 * and the clock on each request: connect latency is CONNECT_REQUEST sent → CONNECT_RESULT
 * received, measured with {@link System#nanoTime()}, and split at the moment the camera read the
 * forward ({@link ConnectLatency}).
 *
 * <p>Outstanding requests live in a ring indexed by sequence number (the transaction's index):
 * a slot holds the send time until the result, the timeout sweep or a refusal takes it, whichever
 * is first. The pacer thread sends and sweeps; the receive threads take results.
 */
final class SimulatedViewers {
    static final int RING = 1 << 18;

    private final CameraFleet fleet;
    private final CloudSockets sockets;
    private final LoadCounters counters;
    private final ConnectLatency measured;
    private final SocketPlan plan;
    private final long timeoutNanos;
    private final AtomicLongArray sentAt = new AtomicLongArray(RING);
    private final byte[] phaseOf = new byte[RING];
    private final List<List<Candidate>> localCandidates;
    private final SplittableRandom random = new SplittableRandom();
    private final CountDownLatch probeAnswered = new CountDownLatch(1);
    private int nextSequence;
    private int sweepCursor;

    SimulatedViewers(
            CameraFleet fleet,
            CloudSockets sockets,
            LoadCounters counters,
            ConnectLatency measured,
            SocketPlan plan,
            long timeoutMillis) {
        this.fleet = fleet;
        this.plan = plan;
        this.sockets = sockets;
        this.counters = counters;
        this.measured = measured;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.localCandidates = IntStream.range(0, sockets.count())
                .mapToObj(k -> List.of(Candidate.local(sockets.localAddress(k))))
                .toList();
    }

    /** Sends a LOOKUP for a random ID and waits for any answer: is the cloud there at all? */
    boolean probe(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        byte[] id = new byte[CameraId.BYTES];
        while (System.nanoTime() < deadline) {
            random.nextBytes(id);
            sockets.send(
                    0,
                    CloudCodec.encode(
                            new Lookup(Transaction.of(Transaction.Kind.PROBE, Phase.RAMP, 0), CameraId.fromBytes(id))));
            long wait = Math.min(1000, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            if (probeAnswered.await(Math.max(1, wait), TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SendScheduler: one CONNECT_REQUEST to a random registered camera among the connect targets of
     * the first {@code started} ({@link SocketPlan#connectable}); false if none was found in a few
     * draws, or the ring is full of unanswered requests.
     */
    boolean sendConnect(int started, Phase phase) {
        int camera = -1;
        int connectable = plan.connectable(started);
        for (int tries = 0; tries < 8 && connectable > 0; tries++) {
            int candidate = random.nextInt(connectable);
            if (fleet.state(candidate) == State.REGISTERED) {
                camera = candidate;
                break;
            }
        }
        int sequence = nextSequence;
        int slot = sequence & (RING - 1);
        if (camera < 0 || sentAt.get(slot) != 0) {
            counters.connectsSkipped.increment();
            return false;
        }
        nextSequence++;
        phaseOf[slot] = (byte) phase.ordinal();
        int socket = sequence % sockets.count();
        long sent = System.nanoTime() | 1; // never 0, which means "free"
        ConnectRequest request = new ConnectRequest(
                Transaction.of(Transaction.Kind.CONNECT, phase, sequence),
                fleet.id(camera),
                localCandidates.get(socket),
                TaggedViewerHandshake.forCamera(camera, sent));
        byte[] datagram = CloudCodec.encode(request);
        sentAt.set(slot, sent);
        sockets.send(socket, datagram);
        counters.connectsSent.increment(phase);
        return true;
    }

    /** SendScheduler: counts requests older than the timeout as timed out. */
    void sweep() {
        long now = System.nanoTime();
        while (sweepCursor != nextSequence) {
            int slot = sweepCursor & (RING - 1);
            long sent = sentAt.get(slot);
            if (sent != 0 && now - sent < timeoutNanos) {
                return;
            }
            if (sent != 0 && sentAt.compareAndSet(slot, sent, 0)) {
                counters.connectsTimedOut.increment(Phase.ofOrdinal(phaseOf[slot]));
            }
            sweepCursor++;
        }
    }

    /** Requests sent and not yet answered or timed out. */
    int outstanding() {
        int count = 0;
        for (int seq = sweepCursor; seq != nextSequence; seq++) {
            if (sentAt.get(seq & (RING - 1)) != 0) {
                count++;
            }
        }
        return count;
    }

    /** Receive threads: a datagram arrived on viewer socket {@code socket}. */
    void received(int socket, byte[] data, int length) {
        long now = System.nanoTime();
        CloudMessage message;
        try {
            message = CloudCodec.decode(data, 0, length);
        } catch (CloudDecodeException e) {
            counters.undecodable.increment();
            return;
        }
        Transaction.Kind kind = Transaction.kind(message.transaction());
        switch (message) {
            case LookupResult result when kind == Transaction.Kind.PROBE -> probeAnswered.countDown();
            case ConnectResult result when kind == Transaction.Kind.CONNECT -> onResult(result, now);
            case ErrorReply error -> onError(kind, error);
            default -> counters.unexpected.increment();
        }
    }

    private void onResult(ConnectResult result, long now) {
        int slot = Transaction.index(result.transaction()) & (RING - 1);
        long sent = sentAt.getAndSet(slot, 0);
        if (sent == 0) {
            counters.connectsLate.increment();
            return;
        }
        Phase phase = Transaction.phase(result.transaction());
        switch (result.status()) {
            case ACCEPTED -> {
                counters.connectsAccepted.increment(phase);
                boolean ours = TaggedViewerHandshake.requestSentNanos(result.handshake()) == sent;
                measured.record(
                        sent,
                        ours ? TaggedViewerHandshake.forwardReadNanos(result.handshake()) : 0,
                        now,
                        phase == Phase.MEASURE);
            }
            case REJECTED -> counters.connectsRejected.increment(phase);
            case UNAVAILABLE -> counters.connectsUnavailable.increment(phase);
        }
    }

    private void onError(Transaction.Kind kind, ErrorReply error) {
        counters.error(kind, error.code());
        if (kind == Transaction.Kind.PROBE) {
            probeAnswered.countDown(); // rate limited, but there
        } else if (kind == Transaction.Kind.CONNECT) {
            int slot = Transaction.index(error.transaction()) & (RING - 1);
            if (sentAt.getAndSet(slot, 0) != 0) {
                counters.connectsRefused.increment(Transaction.phase(error.transaction()));
            }
        }
    }
}
