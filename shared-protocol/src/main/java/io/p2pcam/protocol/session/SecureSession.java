package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.noise.CipherState;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.ReplayWindow;
import io.p2pcam.protocol.noise.Split;
import io.p2pcam.protocol.session.SessionEvent.CloseReason;
import io.p2pcam.protocol.session.SessionEvent.PathKind;
import io.p2pcam.protocol.session.SessionPacket.Kind;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One end-to-end encrypted session between a camera and a viewer after their Noise handshake,
 * sans I/O: seals and opens every packet, carries media and control, and notices when the peer
 * goes silent. Where packets go is the {@link PathFinder}'s business (punching, relay fallback,
 * background search, following the peer, keepalives); this class only asks it.
 *
 * <p>Every packet, probes included, is sealed with the session keys ({@link SessionPacket});
 * forged, corrupted and replayed packets are dropped and counted, never answered. Packets for the
 * relay's address are wrapped in a {@link RelayFrame}; the endpoint unwraps relayed ones before
 * they reach the session, so the relay is just one more address here. Not thread-safe: one thread
 * drives a session.
 */
public final class SecureSession {
    private final SessionKeys keys;
    private final int localId;
    private final int remoteId;
    private final RelayFrame.Route relay;
    private final SessionTimers timers;
    private final PathFinder paths;
    private final ReplayWindow replay = new ReplayWindow();
    private final PacketOrigins origins = new PacketOrigins();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<SessionEvent> events = new ArrayDeque<>();
    private long sendCounter;
    private long lastReceivedAt;
    private boolean closed;
    private long droppedPackets;
    private long mediaSent;
    private long mediaReceived;

    /**
     * Which end of the session this is. Both follow the other to a new address (a NAT rebinding),
     * but not alike: the camera at once, the viewer only once its own path went quiet. Two ends
     * that both followed at once would chase each other for ever between two addresses of the same
     * hosts (an IPv4 and an IPv6 one): each moving to where the other sent from, as the other moved
     * away (docs/PROTOCOL.md §10.3).
     */
    public enum Side {
        CAMERA,
        VIEWER
    }

    /** A datagram for {@code to}, from local socket {@code socket} (0: the main one; see BirthdayProbing). */
    public record Transmit(InetSocketAddress to, byte[] data, int socket) {
        public Transmit(InetSocketAddress to, byte[] data) {
            this(to, data, 0);
        }
    }

    public SecureSession(
            Split keys,
            Side side,
            int localId,
            int remoteId,
            List<Candidate> peerCandidates,
            SessionTimers timers,
            RandomGenerator random,
            long now) {
        this(keys, side, localId, remoteId, peerCandidates, null, timers, random, now);
    }

    /**
     * @param relay the route through the cloud's relay for this session, or null without a relay
     */
    public SecureSession(
            Split keys,
            Side side,
            int localId,
            int remoteId,
            List<Candidate> peerCandidates,
            RelayFrame.Route relay,
            SessionTimers timers,
            RandomGenerator random,
            long now) {
        this(keys, side, localId, remoteId, peerCandidates, relay, timers, RekeyLimits.DEFAULT, random, now);
    }

    /**
     * @param relay the route through the cloud's relay for this session, or null without a relay
     * @param rekey when the transport keys are updated and retired (tests give small numbers)
     */
    public SecureSession(
            Split keys,
            Side side,
            int localId,
            int remoteId,
            List<Candidate> peerCandidates,
            RelayFrame.Route relay,
            SessionTimers timers,
            RekeyLimits rekey,
            RandomGenerator random,
            long now) {
        this.keys = new SessionKeys(keys, rekey, now);
        this.localId = localId;
        this.remoteId = remoteId;
        this.relay = relay;
        this.timers = timers;
        this.lastReceivedAt = now;
        this.paths = new PathFinder(side, peerCandidates, relay, timers, random, new PathLink(), now);
        if (paths.nowhereToProbe()) {
            close(CloseReason.PUNCH_FAILED);
        } else {
            handleTimeout(now);
        }
    }

    public int localId() {
        return localId;
    }

    /** The session ID the peer chose (it receives our packets under it). */
    public int remoteId() {
        return remoteId;
    }

    /** The path, once a probe was answered; null before. */
    public InetSocketAddress path() {
        return paths.path();
    }

    /** The kind of the current path, once there is one; null before. */
    public PathKind pathKind() {
        return paths.pathKind();
    }

    /** Whether the cloud gave this session a relay route. */
    public boolean hasRelay() {
        return relay != null;
    }

    /** The route through the cloud's relay, or null without a relay. */
    public RelayFrame.Route relayRoute() {
        return relay;
    }

    public boolean isClosed() {
        return closed;
    }

    public long droppedPackets() {
        return droppedPackets;
    }

    public long mediaSent() {
        return mediaSent;
    }

    public long mediaReceived() {
        return mediaReceived;
    }

    /** How many times the transport keys were updated (§10.2 "Key update"). */
    public long keyUpdates() {
        return keys.updates();
    }

    /** Birthday probing's role here and probes sent so far, for figures and tests. */
    public String birthdayProgress() {
        return paths.birthdayProgress();
    }

    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        handleDatagram(data, offset, length, from, 0, now);
    }

    /** A datagram that arrived on local socket {@code socket} (0: the main one). */
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, int socket, long now) {
        if (closed
                || !SessionPacket.isSessionPacket(data, offset, length)
                || SessionPacket.receiverId(data, offset) != localId) {
            droppedPackets++;
            return;
        }
        long counter = SessionPacket.counter(data, offset);
        if (!replay.check(counter)) {
            droppedPackets++;
            PacketOrigins.Origin first = origins.acceptedElsewhere(counter, from, socket);
            if (first != null && open(data, offset, length, counter) != null) {
                // The same packet from two addresses: one of them copies the peer's packets.
                origins.forget(counter);
                paths.onCopy(first.address(), first.socket(), from, socket, now);
            }
            return;
        }
        int phase = SessionPacket.keyPhase(data, offset);
        SessionPacket.Opened opened = open(data, offset, length, counter);
        if (opened == null) {
            droppedPackets++; // forged, corrupted, or sealed under keys dropped after their grace period
            return;
        }
        replay.checkAndAccept(counter); // only authenticated packets move the window
        origins.accepted(counter, from, socket);
        keys.opened(phase, counter, sendCounter, now);
        lastReceivedAt = now;
        paths.onAuthentic(opened.kind(), opened.body(), length, from, socket, now);
        switch (opened.kind()) {
            case UNKNOWN, PROBE, PROBE_ACK, KEEPALIVE -> {} // path business, done above
            case MEDIA -> {
                mediaReceived++;
                events.add(new SessionEvent.Media(opened.body()));
            }
            case KEYFRAME_REQUEST -> events.add(new SessionEvent.KeyframeRequested());
            case SELECT_STREAM -> events.add(new SessionEvent.StreamSelection(opened.body()));
            case MEDIA_FEEDBACK -> events.add(new SessionEvent.Feedback(opened.body()));
            case MEDIA_RETRANSMISSION -> {
                mediaReceived++;
                events.add(new SessionEvent.Retransmission(opened.body()));
            }
            case BYE -> close(CloseReason.PEER_CLOSED);
        }
    }

    /** The packet opened with the key its phase and counter call for, or null when it is not authentic. */
    private SessionPacket.Opened open(byte[] data, int offset, int length, long counter) {
        CipherState receiving = keys.receiving(SessionPacket.keyPhase(data, offset), counter);
        if (receiving == null) {
            return null;
        }
        try {
            return SessionPacket.open(receiving, data, offset, length);
        } catch (NoiseException forgedOrCorrupted) {
            return null;
        }
    }

    /** Sends one RTP packet on the path; before a path exists it is dropped (video is live, not queued). */
    public boolean sendMedia(byte[] rtp, long now) {
        if (closed || path() == null) {
            return false;
        }
        mediaSent++;
        sendOnPath(Kind.MEDIA, rtp, now);
        return !closed;
    }

    /** Sends an RTP packet again (the peer NACKed it); dropped before a path exists. */
    public boolean sendRetransmission(byte[] rtp, long now) {
        if (closed || path() == null) {
            return false;
        }
        mediaSent++;
        sendOnPath(Kind.MEDIA_RETRANSMISSION, rtp, now);
        return !closed;
    }

    /** Sends one RTCP compound about the media on the path; before a path exists it is dropped. */
    public boolean sendFeedback(byte[] rtcp, long now) {
        if (closed || path() == null) {
            return false;
        }
        sendOnPath(Kind.MEDIA_FEEDBACK, rtcp, now);
        return !closed;
    }

    public void requestKeyframe(long now) {
        if (!closed && path() != null) {
            sendOnPath(Kind.KEYFRAME_REQUEST, new byte[0], now);
        }
    }

    /** Asks the camera for its main or sub-stream (docs/PROTOCOL.md §10.9); nothing before a path exists. */
    public boolean selectStream(VideoStream stream, long now) {
        if (closed || path() == null) {
            return false;
        }
        sendOnPath(Kind.SELECT_STREAM, new SelectStream(stream).encode(), now);
        return !closed;
    }

    /** Says goodbye to the peer and closes. */
    public void close(long now) {
        if (!closed && path() != null) {
            sendOnPath(Kind.BYE, new byte[0], now);
        }
        close(CloseReason.LOCAL_CLOSE);
    }

    public long nextTimeout() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        long next = Math.min(paths.nextTimeout(), keys.nextTimeout());
        return paths.path() == null ? next : Math.min(next, lastReceivedAt + timers.silenceMillis());
    }

    public void handleTimeout(long now) {
        if (closed) {
            return;
        }
        keys.handleTimeout(now);
        if (paths.punchFailed(now)) {
            close(CloseReason.PUNCH_FAILED);
            return;
        }
        if (paths.path() != null && now - lastReceivedAt >= timers.silenceMillis()) {
            // A BYE still: the loss may be one-way, and then the peer learns at once (PROTOCOL.md §10.2).
            sendOnPath(Kind.BYE, new byte[0], now);
            close(CloseReason.PEER_SILENT);
            return;
        }
        paths.handleTimeout(now);
    }

    public Transmit pollTransmit() {
        return transmits.poll();
    }

    public SessionEvent pollEvent() {
        return events.poll();
    }

    private void sendOnPath(Kind kind, byte[] body, long now) {
        InetSocketAddress path = paths.path();
        send(path, paths.socketFor(path), kind, body, now);
    }

    private void send(InetSocketAddress to, int socket, Kind kind, byte[] body, long now) {
        if (closed) {
            return;
        }
        if (!keys.readyToSend(sendCounter, now)) {
            close(CloseReason.KEYS_EXHAUSTED); // never a nonce twice, never a key past its limits
            return;
        }
        byte[] packet = SessionPacket.seal(keys.sending(), remoteId, sendCounter++, keys.phase(), kind, body);
        transmits.add(new Transmit(to, paths.isRelay(to) ? relay.wrap(packet) : packet, socket));
        paths.onSent(to, socket, now);
    }

    private void close(CloseReason reason) {
        if (!closed) {
            closed = true;
            events.add(new SessionEvent.Closed(reason));
        }
    }

    /** How the path finder sends through this session and reports to its application. */
    private final class PathLink implements PathFinder.Link {
        @Override
        public void send(InetSocketAddress to, int socket, Kind kind, byte[] body, long now) {
            SecureSession.this.send(to, socket, kind, body, now);
        }

        @Override
        public void report(SessionEvent event) {
            events.add(event);
        }
    }
}
