package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.ReplayWindow;
import io.p2pcam.protocol.noise.Split;
import io.p2pcam.protocol.session.SessionEvent.CloseReason;
import io.p2pcam.protocol.session.SessionEvent.PathKind;
import io.p2pcam.protocol.session.SessionPacket.Kind;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * One end-to-end encrypted session between a camera and a viewer after their Noise handshake,
 * sans I/O: punches a path by probing the peer's candidates (local ones first), keeps it alive,
 * carries media and control, and notices when the peer goes silent.
 *
 * <p>Every packet, probes included, is sealed with the session keys ({@link SessionPacket});
 * forged, corrupted and replayed packets are dropped and counted, never answered. The first
 * authenticated PROBE_ACK fixes the path. Not thread-safe: one thread drives a session.
 */
public final class SecureSession {
    private final Split keys;
    private final int localId;
    private final int remoteId;
    private final List<Candidate> candidates = new java.util.ArrayList<>();
    private final SessionTimers timers;
    private final ReplayWindow replay = new ReplayWindow();
    private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
    private final ArrayDeque<SessionEvent> events = new ArrayDeque<>();
    private final long startedAt;
    private final long probeToken;
    private long sendCounter;
    private int nextCandidate;
    private long nextProbeAt;
    private long lastSentAt;
    private long lastReceivedAt;
    private InetSocketAddress path;
    private boolean closed;
    private long droppedPackets;
    private long mediaSent;
    private long mediaReceived;

    /** A datagram for {@code to}. */
    public record Transmit(InetSocketAddress to, byte[] data) {
    }

    public SecureSession(Split keys, int localId, int remoteId, List<Candidate> peerCandidates, SessionTimers timers,
            RandomGenerator random, long now) {
        this.keys = keys;
        this.localId = localId;
        this.remoteId = remoteId;
        // Same-network candidates first: they win on a LAN and cost nothing to try.
        peerCandidates.stream().sorted(Comparator.comparingInt(c -> c.kind() == Candidate.Kind.LOCAL ? 0 : 1))
                .forEach(candidates::add);
        this.timers = timers;
        this.startedAt = now;
        this.probeToken = random.nextLong();
        this.lastReceivedAt = now;
        this.nextProbeAt = now;
        if (candidates.isEmpty()) {
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
        if (closed || !SessionPacket.isSessionPacket(data, offset, length)
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
        if (opened.kind() == null) {
            return;
        }
        switch (opened.kind()) {
            case PROBE -> {
                send(from, Kind.PROBE_ACK, opened.body(), now);
                learnPeerReflexive(from, now);
            }
            case PROBE_ACK -> onProbeAck(opened.body(), from, now);
            case KEEPALIVE -> follow(from, now);
            case MEDIA -> {
                follow(from, now);
                mediaReceived++;
                events.add(new SessionEvent.Media(opened.body()));
            }
            case KEYFRAME_REQUEST -> events.add(new SessionEvent.KeyframeRequested());
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
        long next = path == null ? startedAt + timers.punchTimeoutMillis() : lastReceivedAt + timers.silenceMillis();
        next = Math.min(next, path == null ? nextProbeAt : lastSentAt + timers.keepaliveMillis());
        return next;
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
            if (now >= nextProbeAt) {
                Candidate candidate = candidates.get(nextCandidate++ % candidates.size());
                send(candidate.address(), Kind.PROBE, longBytes(probeToken), now);
                nextProbeAt = now + timers.probeIntervalMillis();
            }
            return;
        }
        if (now - lastReceivedAt >= timers.silenceMillis()) {
            close(CloseReason.PEER_SILENT);
            return;
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

    private void onProbeAck(byte[] body, InetSocketAddress from, long now) {
        if (path != null || body.length != 8 || bytesLong(body) != probeToken) {
            return;
        }
        select(from, now);
        send(path, Kind.KEEPALIVE, new byte[0], now); // tells the peer at once that this path works
    }

    private void select(InetSocketAddress from, long now) {
        path = from;
        // A host with a public address announces it both as LOCAL and (seen by the cloud) as
        // REFLEXIVE: reaching it there crosses the internet, so that is direct, not lan.
        boolean lan = candidates.stream().anyMatch(c -> c.kind() == Candidate.Kind.LOCAL && c.address().equals(from))
                && candidates.stream().noneMatch(c -> c.kind() == Candidate.Kind.REFLEXIVE && c.address().equals(from));
        events.add(new SessionEvent.PathSelected(from, lan ? PathKind.LAN : PathKind.DIRECT, now - startedAt));
    }

    /**
     * A probe from an address we were not told about is the peer's NAT mapping towards us (ICE's
     * peer-reflexive candidate, RFC 8445 §7.3.1.3): probe it back at once.
     */
    private void learnPeerReflexive(InetSocketAddress from, long now) {
        if (path == null && candidates.stream().noneMatch(c -> c.address().equals(from))) {
            candidates.add(Candidate.reflexive(from));
            send(from, Kind.PROBE, longBytes(probeToken), now);
        }
    }

    /**
     * Data (not probes) only comes once the peer has fixed its path: before our own probe is
     * answered, that is the path (the peer nominated it, as ICE's controlling agent does). After,
     * data from a new address moves the path there (roaming as in WireGuard).
     */
    private void follow(InetSocketAddress from, long now) {
        if (path == null) {
            select(from, now);
        } else if (!path.equals(from)) {
            path = from;
            events.add(new SessionEvent.PathChanged(from));
        }
    }

    private void send(InetSocketAddress to, Kind kind, byte[] body, long now) {
        transmits.add(new Transmit(to, SessionPacket.seal(keys.sending(), remoteId, sendCounter++, kind, body)));
        lastSentAt = now;
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
