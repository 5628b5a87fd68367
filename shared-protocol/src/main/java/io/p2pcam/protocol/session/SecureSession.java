package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.ReplayWindow;
import io.p2pcam.protocol.noise.Split;
import io.p2pcam.protocol.session.SessionEvent.CloseReason;
import io.p2pcam.protocol.session.SessionEvent.PathKind;
import io.p2pcam.protocol.session.SessionPacket.Kind;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * One end-to-end encrypted session between a camera and a viewer after their Noise handshake,
 * sans I/O: punches a path by probing the peer's candidates (local ones first), falls back to the
 * cloud's relay when no direct path answers in time, keeps searching for a direct path in the
 * background while relayed (or when the path goes quiet), keeps the path alive, carries media
 * and control, and notices when the peer goes silent.
 *
 * <p>Every packet, probes included, is sealed with the session keys ({@link SessionPacket});
 * forged, corrupted and replayed packets are dropped and counted, never answered. The first
 * authenticated PROBE_ACK fixes the path. Packets for the relay's address are wrapped in a
 * {@link RelayFrame}; the endpoint unwraps relayed ones before they reach the session, so the
 * relay is just one more address here. Not thread-safe: one thread drives a session.
 */
public final class SecureSession {
    /** Candidates given plus peer-reflexive ones learnt, at most (a hard NAT shows a new port per probe). */
    private static final int MAX_CANDIDATES = 32;

    private final Split keys;
    private final int localId;
    private final int remoteId;
    private final List<Candidate> candidates = new ArrayList<>();
    private final RelayFrame.Route relay;
    private final SessionTimers timers;
    private final ReplayWindow replay = new ReplayWindow();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<SessionEvent> events = new ArrayDeque<>();
    private final long startedAt;
    private final long probeToken;
    private long sendCounter;
    private int nextCandidate;
    private long nextProbeAt;
    private long nextRelayProbeAt;
    private long lastSentAt;
    private long lastReceivedAt;
    private long lastOnPathAt;
    private long pathSince;
    private InetSocketAddress path;
    private int pathSocket;
    private PathKind pathKind;
    private BirthdayProbing birthday;
    private final RandomGenerator random;
    private boolean closed;
    private long droppedPackets;
    private long mediaSent;
    private long mediaReceived;

    /** A datagram for {@code to}, from local socket {@code socket} (0: the main one; see BirthdayProbing). */
    public record Transmit(InetSocketAddress to, byte[] data, int socket) {
        public Transmit(InetSocketAddress to, byte[] data) {
            this(to, data, 0);
        }
    }

    public SecureSession(
            Split keys,
            int localId,
            int remoteId,
            List<Candidate> peerCandidates,
            SessionTimers timers,
            RandomGenerator random,
            long now) {
        this(keys, localId, remoteId, peerCandidates, null, timers, random, now);
    }

    /**
     * @param relay the route through the cloud's relay for this session, or null without a relay
     */
    public SecureSession(
            Split keys,
            int localId,
            int remoteId,
            List<Candidate> peerCandidates,
            RelayFrame.Route relay,
            SessionTimers timers,
            RandomGenerator random,
            long now) {
        this.keys = keys;
        this.localId = localId;
        this.remoteId = remoteId;
        this.relay = relay;
        // Same-network candidates first: they win on a LAN and cost nothing to try. Relay
        // candidates from the peer are not probed: the relay is reached through our own route.
        peerCandidates.stream()
                .filter(c -> c.kind() != Candidate.Kind.RELAY)
                .sorted(Comparator.comparingInt(c -> c.kind() == Candidate.Kind.LOCAL ? 0 : 1))
                .forEach(candidates::add);
        this.timers = timers;
        this.startedAt = now;
        this.probeToken = random.nextLong();
        this.lastReceivedAt = now;
        this.nextProbeAt = now;
        this.nextRelayProbeAt = now + timers.relayAfterMillis();
        this.random = random;
        this.birthday = new BirthdayProbing(candidates, BirthdayProbing.Limits.DEFAULT, random, now);
        if (candidates.isEmpty() && relay == null) {
            close(CloseReason.PUNCH_FAILED);
        } else {
            handleTimeout(now);
        }
    }

    public int localId() {
        return localId;
    }

    /** The path, once a probe was answered; null before. */
    public InetSocketAddress path() {
        return path;
    }

    /** The kind of the current path, once there is one; null before. */
    public PathKind pathKind() {
        return pathKind;
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
            return;
        }
        SessionPacket.Opened opened;
        try {
            opened = SessionPacket.open(keys.receiving(), data, offset, length);
        } catch (NoiseException forgedOrCorrupted) {
            droppedPackets++;
            return;
        }
        replay.checkAndAccept(counter); // only authenticated packets move the window
        lastReceivedAt = now;
        if (onPath(from, socket)) {
            lastOnPathAt = now;
        }
        switch (opened.kind()) {
            case UNKNOWN -> {} // a newer peer's kind: authentic traffic, nothing to do
            case PROBE -> {
                send(from, socket, Kind.PROBE_ACK, opened.body(), now);
                learnPeerReflexive(from, socket, now);
            }
            case PROBE_ACK -> onProbeAck(opened.body(), from, socket, now);
            case KEEPALIVE -> follow(from, socket, now);
            case MEDIA -> {
                follow(from, socket, now);
                mediaReceived++;
                events.add(new SessionEvent.Media(opened.body()));
            }
            case KEYFRAME_REQUEST -> events.add(new SessionEvent.KeyframeRequested());
            case MEDIA_FEEDBACK -> events.add(new SessionEvent.Feedback(opened.body()));
            case MEDIA_RETRANSMISSION -> {
                follow(from, socket, now);
                mediaReceived++;
                events.add(new SessionEvent.Retransmission(opened.body()));
            }
            case BYE -> close(CloseReason.PEER_CLOSED);
        }
    }

    /** Sends one RTP packet on the path; before a path exists it is dropped (video is live, not queued). */
    public boolean sendMedia(byte[] rtp, long now) {
        if (closed || path == null) {
            return false;
        }
        mediaSent++;
        send(path, Kind.MEDIA, rtp, now);
        return true;
    }

    /** Sends an RTP packet again (the peer NACKed it); dropped before a path exists. */
    public boolean sendRetransmission(byte[] rtp, long now) {
        if (closed || path == null) {
            return false;
        }
        mediaSent++;
        send(path, Kind.MEDIA_RETRANSMISSION, rtp, now);
        return true;
    }

    /** Sends one RTCP compound about the media on the path; before a path exists it is dropped. */
    public boolean sendFeedback(byte[] rtcp, long now) {
        if (closed || path == null) {
            return false;
        }
        send(path, Kind.MEDIA_FEEDBACK, rtcp, now);
        return true;
    }

    public void requestKeyframe(long now) {
        if (!closed && path != null) {
            send(path, Kind.KEYFRAME_REQUEST, new byte[0], now);
        }
    }

    /** Says goodbye to the peer and closes. */
    public void close(long now) {
        if (!closed && path != null) {
            send(path, Kind.BYE, new byte[0], now);
        }
        close(CloseReason.LOCAL_CLOSE);
    }

    public long nextTimeout() {
        if (closed) {
            return Long.MAX_VALUE;
        }
        if (path == null) {
            long next = startedAt + timers.punchTimeoutMillis();
            if (!candidates.isEmpty()) {
                next = Math.min(next, nextProbeAt);
            }
            next = Math.min(next, birthday.nextAt());
            return relay == null ? next : Math.min(next, nextRelayProbeAt);
        }
        long next = Math.min(lastReceivedAt + timers.silenceMillis(), lastSentAt + timers.keepaliveMillis());
        long searchFrom = searchStart();
        if (pathKind == PathKind.RELAY) {
            next = Math.min(next, birthday.nextAt());
        }
        if (!candidates.isEmpty()) {
            next = Math.min(next, Math.max(searchFrom, nextProbeAt));
        }
        return relay == null || pathKind == PathKind.RELAY
                ? next
                : Math.min(next, Math.max(searchFrom, nextRelayProbeAt));
    }

    public void handleTimeout(long now) {
        if (closed) {
            return;
        }
        if (path == null) {
            if (now - startedAt >= timers.punchTimeoutMillis()) {
                close(CloseReason.PUNCH_FAILED);
                return;
            }
            probeNextCandidate(now, timers.probeIntervalMillis());
            probeBirthday(now);
            probeRelay(now);
            return;
        }
        if (now - lastReceivedAt >= timers.silenceMillis()) {
            // A BYE still: the loss may be one-way, and then the peer learns at once (PROTOCOL.md §10.2).
            send(path, Kind.BYE, new byte[0], now);
            close(CloseReason.PEER_SILENT);
            return;
        }
        if (searching(now)) {
            // Probes go out at the ICE pace for a punch timeout, then slower: a relayed session
            // keeps looking for a direct path for as long as it lasts, at a few bytes a second.
            long pace = now - searchStart() < timers.punchTimeoutMillis()
                    ? timers.searchIntervalMillis()
                    : 8 * timers.searchIntervalMillis();
            probeNextCandidate(now, pace);
            if (pathKind == PathKind.RELAY) {
                probeBirthday(now); // the upgrade of an easy-hard pair
            } else {
                probeRelay(now); // the direct path went quiet: the relay may still carry the session
            }
        }
        if (now - lastSentAt >= timers.keepaliveMillis()) {
            send(path, Kind.KEEPALIVE, new byte[0], now);
        }
    }

    public Transmit pollTransmit() {
        return transmits.poll();
    }

    public SessionEvent pollEvent() {
        return events.poll();
    }

    /** Over the relay, or on a path that went quiet, the search for a (better) path goes on. */
    private boolean searching(long now) {
        return path != null && now >= searchStart();
    }

    /** When the search began or will begin: on reaching the relay, or once the path has been quiet too long. */
    private long searchStart() {
        return pathKind == PathKind.RELAY ? pathSince : lastOnPathAt + timers.quietPathMillis();
    }

    private void probeNextCandidate(long now, long pace) {
        if (!candidates.isEmpty() && now >= nextProbeAt) {
            Candidate candidate = candidates.get(nextCandidate++ % candidates.size());
            send(candidate.address(), Kind.PROBE, longBytes(probeToken), now);
            nextProbeAt = now + pace;
        }
    }

    private void probeBirthday(long now) {
        BirthdayProbing.Probe probe;
        while ((probe = birthday.next(now)) != null) {
            send(probe.to(), probe.socket(), Kind.PROBE, longBytes(probeToken), now);
        }
    }

    /** Birthday probing's role here and probes sent so far, for figures and tests. */
    public String birthdayProgress() {
        return birthday.role().name().toLowerCase(Locale.ROOT) + " " + birthday.sent();
    }

    private void probeRelay(long now) {
        if (relay != null && now >= nextRelayProbeAt) {
            send(relay.relay(), Kind.PROBE, longBytes(probeToken), now);
            nextRelayProbeAt = now + 5 * timers.probeIntervalMillis();
        }
    }

    private void onProbeAck(byte[] body, InetSocketAddress from, int socket, long now) {
        if (body.length != 8 || bytesLong(body) != probeToken) {
            return;
        }
        if (path == null) {
            select(from, socket, now);
        } else if (onPath(from, socket) || !searching(now)) {
            return;
        } else {
            move(from, socket, now); // off the relay to a direct path, or off a quiet path to one that answers
        }
        send(path, Kind.KEEPALIVE, new byte[0], now); // tells the peer at once that this path works
    }

    private boolean onPath(InetSocketAddress from, int socket) {
        return from.equals(path) && socket == pathSocket;
    }

    private void select(InetSocketAddress from, int socket, long now) {
        path = from;
        pathSocket = socket;
        pathKind = kindOf(from);
        lastOnPathAt = now;
        pathSince = now;
        events.add(new SessionEvent.PathSelected(from, pathKind, now - startedAt));
    }

    private void move(InetSocketAddress to, int socket, long now) {
        PathKind before = pathKind;
        path = to;
        pathSocket = socket;
        pathKind = kindOf(to);
        if (pathKind == PathKind.RELAY && before != PathKind.RELAY) {
            // A direct path died (a NAT forgot its mappings, a hard one handing out new ports):
            // race for a new one from the relay, as at the start.
            BirthdayProbing.Limits limits = BirthdayProbing.Limits.DEFAULT;
            birthday = new BirthdayProbing(candidates, limits, random, now - limits.afterMillis());
        }
        lastOnPathAt = now;
        pathSince = now;
        events.add(new SessionEvent.PathChanged(to, pathKind));
    }

    private PathKind kindOf(InetSocketAddress address) {
        if (isRelay(address)) {
            return PathKind.RELAY;
        }
        // A host with a public address announces it both as LOCAL and (seen by the cloud) as
        // REFLEXIVE: reaching it there crosses the internet, so that is direct, not lan.
        boolean lan = candidates.stream()
                        .anyMatch(c ->
                                c.kind() == Candidate.Kind.LOCAL && c.address().equals(address))
                && candidates.stream()
                        .noneMatch(c -> c.kind() == Candidate.Kind.REFLEXIVE
                                && c.address().equals(address));
        return lan ? PathKind.LAN : PathKind.DIRECT;
    }

    private boolean isRelay(InetSocketAddress address) {
        return relay != null && relay.relay().equals(address);
    }

    /**
     * A probe from an address we were not told about is the peer's NAT mapping towards us (ICE's
     * peer-reflexive candidate, RFC 8445 §7.3.1.3): probe it back at once.
     */
    private void learnPeerReflexive(InetSocketAddress from, int socket, long now) {
        if (socket != 0 && (path == null || searching(now)) && !onPath(from, socket)) {
            // A birthday hit: the peer's probe found one of our extra ports. Probe back through
            // it so that its answer fixes the path here too.
            send(from, socket, Kind.PROBE, longBytes(probeToken), now);
            return;
        }
        if ((path == null || searching(now))
                && !isRelay(from)
                && candidates.size() < MAX_CANDIDATES
                && candidates.stream().noneMatch(c -> c.address().equals(from))) {
            candidates.add(Candidate.reflexive(from));
            send(from, Kind.PROBE, longBytes(probeToken), now);
        }
    }

    /**
     * Data (not probes) only comes once the peer has fixed its path: before our own probe is
     * answered, that is the path (the peer nominated it, as ICE's controlling agent does). After,
     * data from a new address moves the path there (roaming as in WireGuard), except that late
     * relayed packets do not pull a working direct path back onto the relay.
     */
    private void follow(InetSocketAddress from, int socket, long now) {
        if (path == null) {
            select(from, socket, now);
        } else if (!onPath(from, socket)) {
            if (isRelay(from) && now - lastOnPathAt < timers.quietPathMillis()) {
                return;
            }
            move(from, socket, now);
        }
    }

    private void send(InetSocketAddress to, Kind kind, byte[] body, long now) {
        send(to, to.equals(path) ? pathSocket : 0, kind, body, now);
    }

    private void send(InetSocketAddress to, int socket, Kind kind, byte[] body, long now) {
        byte[] packet = SessionPacket.seal(keys.sending(), remoteId, sendCounter++, kind, body);
        transmits.add(new Transmit(to, isRelay(to) ? relay.wrap(packet) : packet, socket));
        if (onPath(to, socket)) {
            lastSentAt = now; // probes elsewhere do not keep the path's mappings (or the peer) alive
        }
    }

    private void close(CloseReason reason) {
        if (!closed) {
            closed = true;
            events.add(new SessionEvent.Closed(reason));
        }
    }

    private static byte[] longBytes(long value) {
        byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (value >>> (56 - 8 * i));
        }
        return bytes;
    }

    private static long bytesLong(byte[] bytes) {
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | b & 0xff;
        }
        return value;
    }
}
