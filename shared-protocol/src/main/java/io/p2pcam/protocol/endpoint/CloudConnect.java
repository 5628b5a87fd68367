package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.cloud.ConnectThroughNodes;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The cloud half of a viewer's connection, sans I/O: looks the camera up through the cloud's
 * nodes in turn (docs/PROTOCOL.md §5.4), checks its key against the ID, sends the Noise first
 * message in the CONNECT_REQUEST (§10.1, with the pass if one was presented, §5.3) and reads the
 * camera's answer into a session. An answer the camera took for a replay gets the same connect
 * again with a fresh handshake. What it came to leaves through {@link #pollStep()}, the
 * datagrams for the nodes through {@link #pollTransmit()}; once admitted or failed it is over
 * ({@link #isOver()}) and remembers only the node that answered last.
 *
 * <p>Not thread-safe: the {@link ViewerEndpoint} that owns it drives it from its one thread.
 */
final class CloudConnect {
    /** Where the connect came to. */
    sealed interface Step {
        /** The cloud's key for the camera matches its ID: the CONNECT_REQUEST is on its way. */
        record KeyVerified() implements Step {}

        /** The camera admitted the viewer: its welcome and the session, over the cloud node's relay. */
        record Admitted(SessionStart.Admitted admitted) implements Step {}

        /** The connect ended without a session (the cloud's or the camera's answer, or the deadline). */
        record Failed(ViewerFailure failure, String message) implements Step {}
    }

    private final CameraId camera;
    private final List<Candidate> localCandidates;
    private final SessionStart start;
    private final CloudTransports transports = new CloudTransports();
    private final RefusedNodes refused = new RefusedNodes();
    private final ArrayDeque<Step> steps = new ArrayDeque<>();
    /** Null once admitted or failed. */
    private ConnectThroughNodes attempt;
    /** The node that answered last, once the attempt is over. */
    private InetSocketAddress answeredBy;

    private CloudPass pass = CloudPass.NONE;

    /** Looks {@code camera} up through {@code nodes} at once. */
    CloudConnect(
            CameraId camera,
            List<InetSocketAddress> nodes,
            List<Candidate> localCandidates,
            SessionStart start,
            RandomGenerator random,
            long now,
            long deadline) {
        this.camera = camera;
        this.localCandidates = localCandidates;
        this.start = start;
        this.attempt = ConnectThroughNodes.lookUp(camera, nodes, random, now, deadline);
        drain(now);
    }

    /** {@link ViewerEndpoint#presentPass}. */
    void presentPass(CloudPass pass) {
        this.pass = pass;
    }

    /** The node that answered last, or null while none has. */
    InetSocketAddress answeredBy() {
        return attempt != null ? attempt.answeredBy() : answeredBy;
    }

    /** Whether a datagram from {@code from} is for this connect: from one of its nodes while it runs. */
    boolean isFromNode(InetSocketAddress from) {
        return attempt != null && attempt.isNode(from);
    }

    /** A datagram from one of the nodes; one that does not decode is not ours, and ignored. */
    void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        try {
            attempt.handleMessage(CloudCodec.decode(data, offset, length), from, now);
        } catch (CloudDecodeException e) {
            return; // counted nowhere: the cloud is not our peer's business
        }
        refused.heardFrom(from);
        drain(now);
    }

    long nextTimeout() {
        return attempt == null ? Long.MAX_VALUE : attempt.nextTimeout();
    }

    void handleTimeout(long now) {
        if (attempt != null) {
            attempt.handleTimeout(now);
            drain(now);
        }
    }

    /** {@link DatagramEndpoint#cloudPathChanged}: the request again at once, over the new path. */
    void pathChanged(InetSocketAddress cloud, CloudPathMove move, long now) {
        transports.changed(cloud, move.toTcp());
        refused.moved(cloud, move, now);
        if (attempt != null) {
            attempt.pathChanged(cloud, move, now); // the request again, without waiting for its retransmission
            drain(now);
        }
    }

    /**
     * While the connect runs, whether running out of time now means the cloud limited this network
     * ({@link ConnectEnd#refusedOverUdpAndTcpFailed()}), or null: the caller's deadline, which is
     * the connect's, says why it ended.
     */
    SessionStart.Failed limitedByTheCloud(long now) {
        return attempt != null && refused.any(now) ? ConnectEnd.refusedOverUdpAndTcpFailed() : null;
    }

    /** Ends the connect, wherever it stands (the viewer failed or closed); the answering node is kept. */
    void end() {
        if (attempt != null) {
            answeredBy = attempt.answeredBy(); // remembered for the next attempt, even a failed one
        }
        attempt = null;
    }

    boolean isOver() {
        return attempt == null;
    }

    Step pollStep() {
        return steps.poll();
    }

    /** The next datagram for a node, or null; none once the connect is over. */
    ConnectThroughNodes.Transmit pollTransmit() {
        return attempt == null ? null : attempt.pollTransmit();
    }

    private void drain(long now) {
        ConnectAttemptEvent event;
        while (attempt != null && (event = attempt.pollEvent()) != null) {
            switch (event) {
                case ConnectAttemptEvent.KeyFound found -> {
                    steps.add(new Step.KeyVerified());
                    attempt.connect(localCandidates, start.firstMessage(found.key()), pass, now);
                }
                case ConnectAttemptEvent.Accepted accepted ->
                    onAnswer(accepted.handshake(), accepted.candidates(), accepted.relay(), now);
                case ConnectAttemptEvent.Rejected rejected ->
                    onAnswer(rejected.handshake(), List.of(), RelayGrant.NONE, now);
                default -> { // the cloud ended it: unavailable, a lying key, timed out, rate-limited
                    SessionStart.Failed failed = event instanceof ConnectAttemptEvent.TimedOut && refused.any(now)
                            ? ConnectEnd.refusedOverUdpAndTcpFailed()
                            : ConnectEnd.of(event, camera);
                    fail(failed.failure(), failed.message());
                }
            }
        }
    }

    private void onAnswer(Bytes secondMessage, List<Candidate> candidates, RelayGrant relayGrant, long now) {
        ConnectThroughNodes answered = attempt;
        end();
        int copies = answered.handshakeCopies();
        switch (start.read(
                secondMessage, candidates, relayGrant, answeredBy, transports.overTcp(answeredBy), copies, now)) {
            case SessionStart.SeenBefore seen -> {
                attempt = answered; // the same connect again with a fresh handshake, still within the deadline
                attempt.connectAgain(start.freshMessage(), now);
            }
            case SessionStart.Failed failed -> fail(failed.failure(), failed.message());
            case SessionStart.Admitted admitted -> steps.add(new Step.Admitted(admitted));
        }
    }

    private void fail(ViewerFailure failure, String message) {
        end();
        steps.add(new Step.Failed(failure, message));
    }
}
