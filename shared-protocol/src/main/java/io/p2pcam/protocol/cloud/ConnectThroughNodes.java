package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.cloud.ConnectAttempt.Phase;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A viewer's connect attempt through a cloud of several nodes (docs/PROTOCOL.md §5.4), sans I/O:
 * one {@link ConnectAttempt} per node asked, tried in turn. The LOOKUP goes to the first node; when
 * it has not answered within {@link #NODE_TIMEOUT_MILLIS}, answers UNAVAILABLE or RATE_LIMITED, or
 * its path changes with the request outstanding ({@link #pathChanged}), the same request goes to
 * the next node, while the nodes already asked keep retransmitting and may still answer (the
 * first decisive answer wins). The CONNECT_REQUEST goes first to the node that
 * answered the LOOKUP, then on to the others the same way. All of it within the attempt's one
 * deadline. With one node it is exactly a {@link ConnectAttempt}.
 *
 * <p>A negative answer (UNAVAILABLE, RATE_LIMITED, or REJECTED: a camera may hear the same handshake
 * through two nodes and refuse the second as a replay) while another node's request is still
 * outstanding is held for up to {@link #NODE_TIMEOUT_MILLIS}: a positive answer meanwhile wins.
 *
 * <p>Callers order the nodes by preference (the one that answered last time first, §5.4) and ask
 * {@link #answeredBy()} which node answered. Not thread-safe.
 */
public final class ConnectThroughNodes {
    /**
     * How long one node has to answer before the next is asked as well: past the second
     * transmission (0.5 s + 1 s, §4.6), well short of the cloud's 5 s connect timeout.
     */
    public static final long NODE_TIMEOUT_MILLIS = 1_600;

    /** A datagram for one node. */
    public record Transmit(InetSocketAddress node, byte[] data) {}

    /** One node asked in the current phase. */
    private static final class Try {
        final InetSocketAddress node;
        final ConnectAttempt attempt;
        boolean answered;

        Try(InetSocketAddress node, ConnectAttempt attempt) {
            this.node = node;
            this.attempt = attempt;
        }
    }

    private final CameraId camera;
    private final List<InetSocketAddress> nodes;
    private final RandomGenerator random;
    private final long deadline;
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<ConnectAttemptEvent> events = new ArrayDeque<>();
    private final List<Try> tries = new ArrayList<>();
    /** The nodes in the order the current phase asks them. */
    private List<InetSocketAddress> order;

    private Phase phase;
    private long nextNodeAt = Long.MAX_VALUE;
    private List<Candidate> candidates;
    private Bytes handshake;
    private CloudPass pass = CloudPass.NONE;
    private InetSocketAddress answeredBy;
    /** A negative answer (REJECTED beats UNAVAILABLE and RATE_LIMITED) waiting for the other nodes. */
    private ConnectAttemptEvent held;

    private InetSocketAddress heldFrom;
    private long heldUntil = Long.MAX_VALUE;
    /** CONNECT_REQUESTs sent with the current handshake, every node, path and retransmission counted. */
    private int handshakeCopies;

    private ConnectThroughNodes(CameraId camera, List<InetSocketAddress> nodes, RandomGenerator random, long deadline) {
        List<InetSocketAddress> distinct = nodes.stream().distinct().toList();
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("no cloud node to ask");
        }
        this.camera = camera;
        this.nodes = distinct;
        this.random = random;
        this.deadline = deadline;
    }

    /** Starts with a LOOKUP to the first of {@code nodes} (in order of preference). */
    public static ConnectThroughNodes lookUp(
            CameraId camera, List<InetSocketAddress> nodes, RandomGenerator random, long now, long deadline) {
        ConnectThroughNodes attempt = new ConnectThroughNodes(camera, nodes, random, deadline);
        attempt.phase = Phase.LOOKING_UP;
        attempt.order = attempt.nodes;
        attempt.askNext(now);
        return attempt;
    }

    public Phase phase() {
        return phase;
    }

    /** Whether {@code address} is one of the nodes (its messages are for this attempt). */
    public boolean isNode(InetSocketAddress address) {
        return nodes.contains(address);
    }

    /** The node whose answer moved the attempt on last (the LOOKUP's, then the CONNECT's), or null. */
    public InetSocketAddress answeredBy() {
        return answeredBy;
    }

    /** After {@link ConnectAttemptEvent.KeyFound}: connect through the node that found the key first. */
    public void connect(List<Candidate> candidates, Bytes handshake, long now) {
        connect(candidates, handshake, CloudPass.NONE, now);
    }

    /**
     * As {@link #connect(List, Bytes, long)}, presenting a paired viewer's cloud {@code pass} (§5.3)
     * to every node asked, each request tagged on its own.
     */
    public void connect(List<Candidate> candidates, Bytes handshake, CloudPass pass, long now) {
        if (phase != Phase.AWAITING_HANDSHAKE) {
            throw new IllegalStateException("connect() belongs after KeyFound, not in phase " + phase);
        }
        this.candidates = List.copyOf(candidates);
        this.handshake = handshake;
        this.pass = pass;
        handshakeCopies = 0;
        phase = Phase.CONNECTING;
        List<InetSocketAddress> connectOrder = new ArrayList<>();
        connectOrder.add(answeredBy);
        nodes.stream().filter(node -> !node.equals(answeredBy)).forEach(connectOrder::add);
        order = connectOrder;
        askNext(now);
    }

    /**
     * After a {@link ConnectAttemptEvent.Rejected}: connects again with a fresh {@code handshake},
     * under new transactions, first through the node that answered (§10.1: the camera refused the
     * last one as a copy of one it had seen, whose answer was lost). Answers to the old requests
     * are ignored from now on.
     */
    public void connectAgain(Bytes handshake, long now) {
        if (phase != Phase.DONE || this.handshake == null) {
            throw new IllegalStateException("connectAgain() belongs after a connect's answer, not in phase " + phase);
        }
        phase = Phase.AWAITING_HANDSHAKE;
        held = null;
        heldFrom = null;
        heldUntil = Long.MAX_VALUE;
        connect(candidates, handshake, pass, now);
    }

    /**
     * How many CONNECT_REQUESTs carried the current handshake so far (retransmissions, a new path
     * and other nodes included): with more than one, the camera may have heard an earlier copy.
     */
    public int handshakeCopies() {
        return handshakeCopies;
    }

    public void handleMessage(CloudMessage message, InetSocketAddress from, long now) {
        if (phase == Phase.DONE || phase == Phase.AWAITING_HANDSHAKE) {
            return;
        }
        for (Try asked : tries) {
            if (asked.node.equals(from) && !asked.answered) {
                asked.attempt.handleMessage(message, now);
                drain(asked, now);
                return;
            }
        }
    }

    public long nextTimeout() {
        if (phase == Phase.DONE || phase == Phase.AWAITING_HANDSHAKE) {
            return Long.MAX_VALUE;
        }
        long next = Math.min(deadline, Math.min(heldUntil, rejected() ? Long.MAX_VALUE : nextNodeAt));
        for (Try asked : tries) {
            if (!asked.answered) {
                next = Math.min(next, asked.attempt.nextTimeout());
            }
        }
        return next;
    }

    public void handleTimeout(long now) {
        if (phase == Phase.DONE || phase == Phase.AWAITING_HANDSHAKE) {
            return;
        }
        if (now >= deadline || now >= heldUntil) {
            finish(
                    held != null
                            ? held
                            : new ConnectAttemptEvent.TimedOut(phase == Phase.LOOKING_UP ? "lookup" : "connect"),
                    heldFrom);
            return;
        }
        for (Try asked : List.copyOf(tries)) {
            if (!asked.answered && phase != Phase.DONE) {
                asked.attempt.handleTimeout(now);
                drain(asked, now);
            }
        }
        if (phase != Phase.DONE && !rejected() && now >= nextNodeAt) {
            askNext(now); // the last node asked is silent: ask the next one too
        }
    }

    /**
     * The path to {@code node} changed (UDP ↔ TCP): what is outstanding there goes again at once,
     * and, when the {@code move} puts the node's answer further off ({@link
     * CloudPathMove#answerDelayed()}), the next node is asked at once as well, as after a
     * RATE_LIMITED answer. That is when the node refused the request over UDP (the refusal moves
     * the path and goes no further, §3.1), went unanswered, or TCP to it failed (decision 0062). A
     * return to UDP because UDP answers again does not: the node answered the probe over UDP and
     * answers the request as soon (before 2026-12-05 it asked the next node too, one request more).
     */
    public void pathChanged(InetSocketAddress node, CloudPathMove move, long now) {
        boolean outstandingThere = false;
        for (Try asked : List.copyOf(tries)) {
            if (asked.node.equals(node) && !asked.answered && phase != Phase.DONE) {
                asked.attempt.resend();
                drain(asked, now);
                outstandingThere = true;
            }
        }
        if (outstandingThere
                && move.answerDelayed()
                && phase != Phase.DONE
                && !rejected()
                && tries.size() < order.size()) {
            askNext(now);
        }
    }

    /** The next datagram for a node, or null. */
    public Transmit pollTransmit() {
        return transmits.poll();
    }

    public ConnectAttemptEvent pollEvent() {
        return events.poll();
    }

    /** Asks the next node of the phase's order not asked yet; with none left, waits for those asked. */
    private void askNext(long now) {
        if (tries.size() >= order.size()) {
            nextNodeAt = Long.MAX_VALUE;
            return;
        }
        InetSocketAddress node = order.get(tries.size());
        ConnectAttempt attempt = phase == Phase.LOOKING_UP
                ? ConnectAttempt.lookUp(camera, random, now, deadline)
                : ConnectAttempt.connectWithKnownKey(camera, candidates, handshake, pass, random, now, deadline);
        Try asked = new Try(node, attempt);
        tries.add(asked);
        nextNodeAt = tries.size() < order.size() ? now + NODE_TIMEOUT_MILLIS : Long.MAX_VALUE;
        drain(asked, now);
    }

    private void drain(Try asked, long now) {
        byte[] datagram;
        while ((datagram = asked.attempt.pollTransmit()) != null) {
            transmits.add(new Transmit(asked.node, datagram));
            if (phase == Phase.CONNECTING) {
                handshakeCopies++;
            }
        }
        ConnectAttemptEvent event;
        while (phase != Phase.DONE && (event = asked.attempt.pollEvent()) != null) {
            switch (event) {
                case ConnectAttemptEvent.KeyFound found -> {
                    answeredBy = asked.node;
                    held = null; // a node that did not know the camera is outweighed
                    heldFrom = null;
                    heldUntil = Long.MAX_VALUE;
                    tries.clear(); // the other nodes' lookups are moot now
                    nextNodeAt = Long.MAX_VALUE;
                    phase = Phase.AWAITING_HANDSHAKE;
                    events.add(found);
                }
                case ConnectAttemptEvent.Accepted accepted -> finish(accepted, asked.node);
                // Perhaps our own handshake replayed through a second node: wait briefly for an ACCEPTED.
                case ConnectAttemptEvent.Rejected ignored -> nodeSaidNo(asked, event, now);
                case ConnectAttemptEvent.Unavailable ignored -> nodeSaidNo(asked, event, now);
                case ConnectAttemptEvent.RateLimited ignored -> nodeSaidNo(asked, event, now);
                case ConnectAttemptEvent.KeyMismatch mismatch -> finish(mismatch, asked.node);
                case ConnectAttemptEvent.TimedOut timedOut -> finish(timedOut, null);
            }
        }
    }

    /**
     * A negative answer. UNAVAILABLE or RATE_LIMITED: this node cannot help, ask the next one now.
     * With every node asked (or after a REJECTED, which is the camera's word): report it once no
     * other node's request is outstanding, or {@link #NODE_TIMEOUT_MILLIS} from now, whichever comes
     * first, unless a positive answer comes meanwhile. A silent node therefore delays "offline" by
     * at most that much.
     */
    private void nodeSaidNo(Try asked, ConnectAttemptEvent event, long now) {
        asked.answered = true;
        if (held == null || (event instanceof ConnectAttemptEvent.Rejected && !rejected())) {
            held = event;
            heldFrom = asked.node;
        }
        if (!rejected() && tries.size() < order.size()) {
            askNext(now);
        } else if (outstanding() == 0) {
            finish(held, heldFrom);
        } else if (heldUntil == Long.MAX_VALUE) {
            heldUntil = now + NODE_TIMEOUT_MILLIS;
        }
    }

    private boolean rejected() {
        return held instanceof ConnectAttemptEvent.Rejected;
    }

    private int outstanding() {
        int count = 0;
        for (Try asked : tries) {
            if (!asked.answered) {
                count++;
            }
        }
        return count;
    }

    private void finish(ConnectAttemptEvent event, InetSocketAddress node) {
        phase = Phase.DONE;
        if (node != null) {
            answeredBy = node;
        }
        tries.clear();
        nextNodeAt = Long.MAX_VALUE;
        heldUntil = Long.MAX_VALUE;
        events.add(event);
    }
}
