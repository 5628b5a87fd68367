package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.session.SessionEvent.PathKind;
import io.p2pcam.protocol.session.SessionPacket.Kind;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The path half of a {@link SecureSession} (docs/PROTOCOL.md §10.3): punches a path by probing the
 * peer's candidates (local ones first), falls back to the cloud's relay when no direct path answers
 * in time, keeps searching for a direct path in the background while relayed (or when the path goes
 * quiet), follows the peer to a new address and keeps the path's NAT mappings open with keepalives.
 *
 * <p><b>Path validation</b> (RFC 9000 §8.2 and §9, RFC 8445 §7.2.5.2.1). The path is only ever
 * set by an authentic PROBE_ACK that comes from the very address (and arrives on the very local
 * socket) its PROBE went to, carrying the token for that address: tokens are
 * HMAC-SHA256(session secret, address, socket) cut to 64 bits, the secret drawn from the session's
 * random generator, so an answer copied and re-sent from elsewhere does not match. Any other
 * authentic packet (media, RTCP, keepalive, keyframe request, a newer peer's kind) from an address
 * that is not the path <em>starts</em> a validation: a PROBE goes there, and the path moves when
 * its PROBE_ACK comes back from there; meanwhile everything keeps going to the old path. PROBE and
 * PROBE_ACK themselves never start one (QUIC's probing packets). Addresses learnt from packets are
 * held to {@link AntiAmplification}'s 3x limit until they answer. At most one challenge per probe
 * interval goes to an address, answered or not. The camera follows at once; the viewer only once
 * its direct path has been quiet a while ({@link SecureSession.Side}): two ends that both followed
 * at once chased each other between the IPv4 and IPv6 addresses of two dual-stack hosts, a PROBE,
 * a PROBE_ACK and a KEEPALIVE each way per round trip, for as long as the session lasted.
 *
 * <p><b>Copies</b> (RFC 9000 §9.3.3, decision 0075). Someone who sees the peer's packets can
 * re-send them from its own address ahead of the originals and pass a challenge by relaying it;
 * the session tells it when a packet comes twice from two addresses ({@link #onCopy}): the path
 * stays where the peer's own packets come from, or moves back there.
 *
 * <p>It never seals a packet: it tells its {@link Link} what to send where, and the session seals
 * it. All of its timers (probe pacing, relay probing, background search, quiet path, keepalive,
 * punch timeout) live here; the session's own (silence) do not. Not thread-safe: the session's
 * thread drives it.
 */
final class PathFinder {
    /** Candidates given plus peer-reflexive ones learnt, at most (a hard NAT shows a new port per probe). */
    static final int MAX_CANDIDATES = 32;

    /** Challenges outstanding for a move, at most (an observer can make one per packet it copies). */
    private static final int MAX_PENDING_MOVES = 8;

    /** What the path finder asks of its session. */
    interface Link {
        /** Seals {@code body} as {@code kind} and sends it to {@code to} from local socket {@code socket}. */
        void send(InetSocketAddress to, int socket, Kind kind, byte[] body, long now);

        /** Reports a path event to the application. */
        void report(SessionEvent event);
    }

    private final List<Candidate> candidates = new ArrayList<>();
    /** The peer's addresses from the authenticated handshake (and the cloud): never rate-limited. */
    private final Set<InetSocketAddress> announced = new HashSet<>();

    private final AntiAmplification amplification = new AntiAmplification();
    /** Where a non-probing packet came from and a challenge went, with when it went. */
    private final Map<Endpoint, Long> pendingMoves = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Endpoint, Long> eldest) {
            return size() > MAX_PENDING_MOVES;
        }
    };

    /** When a challenge last went to an address, answered or not: one per probe interval. */
    private final Map<Endpoint, Long> lastChallenges = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Endpoint, Long> eldest) {
            return size() > MAX_PENDING_MOVES;
        }
    };

    private final SecureSession.Side side;
    private final ProbeTokens tokens;
    private final RelayFrame.Route relay;
    private final SessionTimers timers;
    private final RandomGenerator random;
    private final Link link;
    private final long startedAt;
    private int nextCandidate;
    private long nextProbeAt;
    private long nextRelayProbeAt;
    private long lastSentAt;
    private long lastOnPathAt;
    private long pathSince;
    private InetSocketAddress path;
    private int pathSocket;
    private PathKind pathKind;
    /** Where the path was before its last move: where the peer's packets still come from if a copier moved it. */
    private Endpoint previous;
    /** When the path last delivered a packet that a copier had delivered first (RFC 9000 §9.3.3). */
    private long copiedAt;

    private BirthdayProbing birthday;

    PathFinder(
            SecureSession.Side side,
            List<Candidate> peerCandidates,
            RelayFrame.Route relay,
            SessionTimers timers,
            RandomGenerator random,
            Link link,
            long now) {
        // Same-network candidates first: they win on a LAN and cost nothing to try. Relay
        // candidates from the peer are not probed: the relay is reached through our own route.
        peerCandidates.stream()
                .filter(c -> c.kind() != Candidate.Kind.RELAY)
                .sorted(Comparator.comparingInt(c -> c.kind() == Candidate.Kind.LOCAL ? 0 : 1))
                .forEach(candidates::add);
        candidates.forEach(c -> announced.add(c.address()));
        this.side = side;
        this.relay = relay;
        this.timers = timers;
        this.random = random;
        this.link = link;
        this.startedAt = now;
        this.tokens = new ProbeTokens(random);
        this.nextProbeAt = now;
        this.nextRelayProbeAt = now + timers.relayAfterMillis();
        this.copiedAt = now - timers.quietPathMillis();
        this.birthday = new BirthdayProbing(candidates, BirthdayProbing.Limits.DEFAULT, random, now);
    }

    /** Whether there is nowhere at all to look for the peer: no candidate and no relay. */
    boolean nowhereToProbe() {
        return candidates.isEmpty() && relay == null;
    }

    InetSocketAddress path() {
        return path;
    }

    PathKind pathKind() {
        return pathKind;
    }

    /** Whether no path was found within the punch timeout: the session gives up. */
    boolean punchFailed(long now) {
        return path == null && now - startedAt >= timers.punchTimeoutMillis();
    }

    /** Birthday probing's role here and probes sent so far, for figures and tests. */
    String birthdayProgress() {
        return birthday.role().name().toLowerCase(Locale.ROOT) + " " + birthday.sent();
    }

    /** The local socket that packets for {@code to} leave from: the path's for the path, else the main one. */
    int socketFor(InetSocketAddress to) {
        return to.equals(path) ? pathSocket : 0;
    }

    boolean isRelay(InetSocketAddress address) {
        return relay != null && relay.relay().equals(address);
    }

    /** The session sent a packet: only packets on the path keep its mappings (and the peer) alive. */
    void onSent(InetSocketAddress to, int socket, long now) {
        if (onPath(to, socket)) {
            lastSentAt = now;
        }
    }

    /**
     * An authentic packet of {@code kind}, {@code length} bytes, arrived from {@code from} on local
     * socket {@code socket}: probes are answered, PROBE_ACKs may fix or move the path, anything else
     * from a new address starts validating it.
     */
    void onAuthentic(Kind kind, byte[] body, int length, InetSocketAddress from, int socket, long now) {
        if (onPath(from, socket)) {
            lastOnPathAt = now;
        } else if (!trusted(from)) {
            amplification.received(from, length);
        }
        switch (kind) {
            case PROBE -> {
                sendLimited(from, socket, Kind.PROBE_ACK, body, now);
                learnPeerReflexive(from, socket, now);
            }
            case PROBE_ACK -> onProbeAck(body, from, socket, now);
            case BYE -> {}
            default -> onData(from, socket, now);
        }
    }

    /**
     * A packet first accepted from {@code first} (on {@code firstSocket}) came again, authentic, from
     * {@code late}: someone who sees the peer's packets re-sends them from an address of its own
     * (RFC 9000 §9.3.3, off-path packet forwarding). A copy that came second changes nothing; one
     * that came first would have the path follow the copier, so the peer is taken to be where the
     * path was: its late packets keep the path alive, and while they come the path does not move to
     * a challenged address. If the path already followed the copier, it moves back at once to where
     * it was, an address validated before that still carries the peer's packets.
     */
    void onCopy(InetSocketAddress first, int firstSocket, InetSocketAddress late, int lateSocket, long now) {
        if (path == null) {
            return;
        }
        Endpoint lateFrom = new Endpoint(late, lateSocket);
        if (onPath(first, firstSocket) && lateFrom.equals(previous)) {
            move(late, lateSocket, now); // the copier had moved the path: back to the peer
        } else if (!onPath(late, lateSocket)) {
            return; // the copy came second: a replay, dropped
        }
        copiedAt = now;
        lastOnPathAt = now;
        pendingMoves.clear();
    }

    long nextTimeout() {
        if (path == null) {
            long next = startedAt + timers.punchTimeoutMillis();
            if (!candidates.isEmpty()) {
                next = Math.min(next, nextProbeAt);
            }
            next = Math.min(next, birthday.nextAt());
            return relay == null ? next : Math.min(next, nextRelayProbeAt);
        }
        long next = lastSentAt + timers.keepaliveMillis();
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

    /** Sends the probes and keepalive due at {@code now}; the caller checks {@link #punchFailed} first. */
    void handleTimeout(long now) {
        if (path == null) {
            probeNextCandidate(now, timers.probeIntervalMillis());
            probeBirthday(now);
            probeRelay(now);
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
            link.send(path, pathSocket, Kind.KEEPALIVE, new byte[0], now);
        }
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
            probe(candidate.address(), socketFor(candidate.address()), now);
            nextProbeAt = now + pace;
        }
    }

    private void probeBirthday(long now) {
        BirthdayProbing.Probe probe;
        while ((probe = birthday.next(now)) != null) {
            // Unprompted and bounded by BirthdayProbing itself, so not held to the 3x limit.
            link.send(probe.to(), probe.socket(), Kind.PROBE, tokens.probeBody(probe.to(), probe.socket()), now);
        }
    }

    private void probeRelay(long now) {
        if (relay != null && now >= nextRelayProbeAt) {
            probe(relay.relay(), socketFor(relay.relay()), now);
            nextRelayProbeAt = now + 5 * timers.probeIntervalMillis();
        }
    }

    /** A PROBE (a path challenge) to an address the peer announced, the relay or one learnt (limited). */
    private void probe(InetSocketAddress to, int socket, long now) {
        sendLimited(to, socket, Kind.PROBE, tokens.probeBody(to, socket), now);
    }

    /** Sends, holding addresses that are neither announced, the relay nor the path to the 3x limit. */
    private void sendLimited(InetSocketAddress to, int socket, Kind kind, byte[] body, long now) {
        if (trusted(to) || amplification.trySend(to, SessionPacket.OVERHEAD + body.length)) {
            link.send(to, socket, kind, body, now);
        }
    }

    private boolean trusted(InetSocketAddress address) {
        return address.equals(path) || isRelay(address) || announced.contains(address);
    }

    private void onProbeAck(byte[] body, InetSocketAddress from, int socket, long now) {
        if (!tokens.answers(body, from, socket)) {
            return; // not the answer to a probe we sent there: copied from another path, or stale
        }
        amplification.validated(from);
        boolean challenged = pendingMoves.remove(new Endpoint(from, socket)) != null;
        if (path == null) {
            select(from, socket, now);
        } else if (onPath(from, socket)
                || !(searching(now) || challenged && !copied(now))
                || relayWhileDirectWorks(from, now)) {
            return;
        } else {
            // Off the relay to a direct path, off a quiet path to one that answers, or after the
            // peer's NAT rebinding, once its new address proved it is the peer's.
            PathKind before = pathKind;
            move(from, socket, now);
            if (before != PathKind.RELAY) {
                // RFC 9000 §9.3.3: validate the path left too. Its answer comes from the peer if the
                // peer is still there, and a copier racing that answer in gives itself away (onCopy).
                link.send(
                        previous.address(),
                        previous.socket(),
                        Kind.PROBE,
                        tokens.probeBody(previous.address(), previous.socket()),
                        now);
            }
        }
        link.send(path, pathSocket, Kind.KEEPALIVE, new byte[0], now); // tells the peer at once that this path works
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
        link.report(new SessionEvent.PathSelected(from, pathKind, now - startedAt));
    }

    private void move(InetSocketAddress to, int socket, long now) {
        PathKind before = pathKind;
        previous = new Endpoint(path, pathSocket);
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
        link.report(new SessionEvent.PathChanged(to, pathKind));
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

    /**
     * A probe from an address we were not told about is the peer's NAT mapping towards us (ICE's
     * peer-reflexive candidate, RFC 8445 §7.3.1.3): probe it back at once.
     */
    private void learnPeerReflexive(InetSocketAddress from, int socket, long now) {
        if (socket != 0 && (path == null || searching(now)) && !onPath(from, socket)) {
            // A birthday hit: the peer's probe found one of our extra ports. Probe back through
            // it so that its answer fixes the path here too.
            probe(from, socket, now);
            return;
        }
        if ((path == null || searching(now))
                && !isRelay(from)
                && candidates.size() < MAX_CANDIDATES
                && candidates.stream().noneMatch(c -> c.address().equals(from))) {
            candidates.add(Candidate.reflexive(from));
            probe(from, socketFor(from), now);
        }
    }

    /**
     * A non-probing packet from somewhere other than the path: the peer moved (a NAT rebinding,
     * roaming as in WireGuard), or before our own probe is answered, the peer nominated this path
     * (as ICE's controlling agent does), or an observer re-sent a copy. Which one is found out by a
     * challenge; only its answer moves the path. Late relayed packets do not even start one while
     * a direct path works.
     */
    private void onData(InetSocketAddress from, int socket, long now) {
        if (onPath(from, socket) || relayWhileDirectWorks(from, now) || viewerWaitsForTheCamera(now) || copied(now)) {
            return;
        }
        Endpoint endpoint = new Endpoint(from, socket);
        Long challengedAt = lastChallenges.get(endpoint);
        if (challengedAt != null && now - challengedAt < timers.probeIntervalMillis()) {
            return; // one challenge per probe interval, however fast data comes, answered or not
        }
        lastChallenges.put(endpoint, now);
        pendingMoves.put(endpoint, now);
        probe(from, socket, now);
    }

    /**
     * Whether the path delivered, within a quiet-path time, a packet that another address had
     * delivered first: the peer is on the path and someone copies its packets, so a challenge does
     * not move the path (a copier can pass one by relaying the PROBE and its answer).
     */
    private boolean copied(long now) {
        return now - copiedAt < timers.quietPathMillis();
    }

    /**
     * The viewer leaves a working direct path to the camera's new address only once that path went
     * quiet: until then the camera, which follows at once, is expected to come to the viewer's side.
     */
    private boolean viewerWaitsForTheCamera(long now) {
        return side == SecureSession.Side.VIEWER
                && path != null
                && pathKind != PathKind.RELAY
                && now - lastOnPathAt < timers.viewerFollowsAfterMillis();
    }

    /** Late relayed packets (and answers) do not pull a working direct path back onto the relay. */
    private boolean relayWhileDirectWorks(InetSocketAddress from, long now) {
        return path != null
                && isRelay(from)
                && pathKind != PathKind.RELAY
                && now - lastOnPathAt < timers.quietPathMillis();
    }

    /** A peer address as reached from one of our local sockets. */
    private record Endpoint(InetSocketAddress address, int socket) {}
}
