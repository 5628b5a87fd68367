package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudHomes;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import io.p2pcam.protocol.recovery.SenderLink;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionPacket;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.VideoStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Everything a camera does on its one UDP socket, sans I/O: stays registered with the cloud,
 * answers viewers' connect requests through the cloud, and straight from viewers on its LAN
 * (docs/PROTOCOL.md §10.8) (admitting paired viewers by their key and others with the password,
 * docs/PROTOCOL.md §10.1), punches a path to each admitted viewer, sends them media and hears their
 * talkback (one talker at a time). Cloud messages and session
 * packets share the socket and are told apart by their first byte.
 *
 * <p>Not thread-safe: the runtime's loop thread drives it; media comes in through that thread.
 *
 * <p>{@code random} draws transaction IDs, session IDs and probe tokens, which an attacker must
 * not predict: a {@code SecureRandom} outside tests (the apps' ArchitectureTest forbids the other
 * kinds). A seeded generator is for tests that must repeat.
 */
public final class CameraEndpoint implements DatagramEndpoint {
    /** The registrations with the cloud's nodes (one, or two when several nodes are given). */
    private final CloudHomes homes;

    private final CameraHandshake handshake;
    private final ViewerAdmission admission;
    private final CloudTransports transports = new CloudTransports();
    private final RandomGenerator random;
    /** Packets kept for NACKs: about 3 s of 720p video, far more than a viewer waits for one. */
    public static final int SEND_HISTORY_PACKETS = 1024;

    /** The admitted viewers by session ID: one object each, session, link and key together. */
    private final Map<Integer, ViewerSession> viewers = new HashMap<>();

    /** The media going out to the viewers: fan-out, stream selection, demand, feedback. */
    private final StreamFanOut fanOut;
    /** Admitted viewers' sessions, with their first keyframes and roles. */
    private final NewViewerSessions newSessions;
    /** The viewers' talkback: the talk floor and its refusals. */
    private final TalkIn talk;
    /** Viewers on our LAN that reach us without the cloud (§10.8). */
    private final DirectRequests direct;
    /** What each viewer's session reports, turned into what the camera does. */
    private final ViewerSessionEvents sessionEvents;

    private final ArrayDeque<CameraEvent> events = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    private long droppedDatagrams;
    /** The pairing store's version last reported as {@link CameraEvent.PairingsChanged}. */
    private long pairingsReported;

    /** A camera registered with one cloud node. */
    public CameraEndpoint(
            CameraIdentity identity,
            InetSocketAddress cloud,
            CameraHandshake.Access access,
            List<Candidate> localCandidates,
            CameraStream stream,
            int maxViewers,
            SecureRandom secureRandom,
            RandomGenerator random,
            SessionTimers timers,
            long now) {
        this(identity, List.of(cloud), access, localCandidates, stream, maxViewers, secureRandom, random, timers, now);
    }

    /**
     * A camera homed on two of the cloud's {@code nodes} at once (docs/PROTOCOL.md §4.9), each
     * registration kept alive on its own; with one node, exactly the single-node camera.
     */
    public CameraEndpoint(
            CameraIdentity identity,
            List<InetSocketAddress> nodes,
            CameraHandshake.Access access,
            List<Candidate> localCandidates,
            CameraStream stream,
            int maxViewers,
            SecureRandom secureRandom,
            RandomGenerator random,
            SessionTimers timers,
            long now) {
        this.fanOut = new StreamFanOut(stream.hasSub(), SEND_HISTORY_PACKETS, viewers.values(), events);
        this.talk = new TalkIn(viewers, events);
        this.sessionEvents = new ViewerSessionEvents(viewers, fanOut, talk, events);
        this.random = random;
        this.handshake = new CameraHandshake(identity, access, secureRandom, now);
        this.newSessions = new NewViewerSessions(fanOut, outgoing, handshake.pairings());
        this.admission = new ViewerAdmission(handshake, localCandidates, stream, maxViewers, timers, random);
        this.homes = new CloudHomes(identity, nodes, localCandidates, random, now);
        this.direct = new DirectRequests(identity, DirectRequests.Limits.DEFAULTS, now);
        this.pairingsReported = access.pairings().version();
        drainRegistration(now);
    }

    @Override
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        handleDatagram(data, offset, length, from, 0, now);
    }

    @Override
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, int socket, long now) {
        if (SessionPacket.isSessionPacket(data, offset, length)) {
            toSession(data, offset, length, from, socket, now);
        } else if (socket == 0 && homes.isNode(from) && RelayFrame.isFrame(data, offset, length)) {
            // A viewer's packet through the relay: from here on it is the session's, from the relay's address.
            toSession(data, offset + RelayFrame.HEADER_BYTES, RelayFrame.sessionPacketLength(length), from, 0, now);
        } else if (socket == 0 && homes.isNode(from) && RelayFrame.isChallenge(data, offset, length)) {
            for (ViewerSession viewer : viewers.values()) { // the relay asks us to prove this address (§7)
                byte[] response = viewer.answerRelayChallenge(data, offset, length);
                if (response != null) {
                    outgoing.add(new Outgoing(from, response));
                }
            }
        } else if (socket == 0 && homes.isNode(from)) {
            try {
                homes.handleMessage(CloudCodec.decode(data, offset, length), from, now);
            } catch (CloudDecodeException e) {
                droppedDatagrams++;
            }
            drainRegistration(now);
        } else if (socket == 0) {
            onDirectRequest(data, offset, length, from, now); // a viewer on our LAN, without the cloud (§10.8)
        } else {
            droppedDatagrams++;
        }
    }

    private void onDirectRequest(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        CloudMessage message;
        try {
            message = CloudCodec.decode(data, offset, length);
        } catch (CloudDecodeException e) {
            droppedDatagrams++;
            return;
        }
        List<ViewerSession> admitted = new ArrayList<>(1);
        byte[] reply = direct.handle(message, from, now, (firstMessage, viewer, at) -> {
            // The viewer is on our own network: its source is a LOCAL candidate (the path is `lan`); no relay.
            Admission admission =
                    admit(firstMessage, viewer.getAddress(), Candidate.local(viewer), RelayGrant.NONE, null, at);
            if (admission.admitted() != null) {
                admitted.add(admission.admitted());
            }
            return admission.decision();
        });
        if (reply == null) {
            droppedDatagrams++;
            return;
        }
        outgoing.add(new Outgoing(from, reply)); // before our first PROBEs: the viewer needs the keys first
        admitted.forEach(viewer -> sessionEvents.drain(viewer, now));
    }

    private void toSession(byte[] data, int offset, int length, InetSocketAddress from, int socket, long now) {
        ViewerSession viewer = viewers.get(SessionPacket.receiverId(data, offset));
        if (viewer == null) {
            droppedDatagrams++;
            return;
        }
        viewer.session().handleDatagram(data, offset, length, from, socket, now);
        sessionEvents.drain(viewer, now);
    }

    /**
     * Sends one RTP packet to every viewer with a path, through each viewer's pacer, and keeps it
     * for retransmission on NACK (docs/decisions/0007-loss-recovery.md). A viewer's first packet
     * opens a keyframe: the predicted pictures before it, useless to a viewer that has not seen a
     * keyframe, are not sent to it (PROTOCOL.md §10.2).
     */
    public void sendMedia(byte[] rtp, long now) {
        sendMedia(VideoStream.MAIN, rtp, now);
    }

    /**
     * As {@link #sendMedia(VideoStream, OutgoingRtp, long)} for a packet already encoded: parsed
     * once, here.
     *
     * @throws IllegalArgumentException if {@code rtp} is not an RTP packet
     */
    public void sendMedia(VideoStream stream, byte[] rtp, long now) {
        RtpPacket packet;
        try {
            packet = RtpCodec.decode(rtp);
        } catch (MalformedRtpException e) {
            throw new IllegalArgumentException("media must be an RTP packet: " + e.getMessage(), e);
        }
        sendMedia(stream, OutgoingRtp.of(packet, rtp), now);
    }

    /**
     * Sends one RTP packet of {@code stream} (main or sub, docs/PROTOCOL.md §10.9) to every viewer
     * with a path that watches that stream, as {@link #sendMedia(byte[], long)} does. The packet's
     * parsed fields serve the send history, the pacers and the sender reports; its bytes are sealed
     * for each viewer.
     */
    public void sendMedia(VideoStream stream, OutgoingRtp rtp, long now) {
        fanOut.send(stream, rtp, now);
    }

    /** Whether at least one viewer watches {@code stream} (its encoder should run). */
    public boolean watched(VideoStream stream) {
        return fanOut.watched(stream);
    }

    /** The stream viewer {@code sessionId} watches, or null for no such viewer. */
    public VideoStream streamOf(int sessionId) {
        ViewerSession viewer = viewers.get(sessionId);
        return viewer == null ? null : viewer.stream();
    }

    /** SELECT_STREAM packets for a stream this camera does not have (unknown, or sub without one). */
    public long refusedSelections() {
        return fanOut.refusedSelections();
    }

    /**
     * Sends one audio RTP packet (Opus, docs/PROTOCOL.md §10.7) to every viewer with a path, at
     * once: not through the video pacer and not kept for NACKs (Opus conceals a loss, and a late
     * audio packet is worth nothing).
     */
    public void sendAudio(RtpPacket packet, long now) {
        talk.audioSent(packet.ssrc());
        fanOut.sendAudio(RtpCodec.encode(packet), now);
    }

    /** Sends an RTCP compound about the audio stream (its sender report) to every viewer with a path. */
    public void sendAudioReport(byte[] rtcp, long now) {
        fanOut.sendAudioReport(rtcp, now);
    }

    /** {@code stream}'s encoder bitrate: its viewers' pacers and retransmission budgets follow it (0 = unpaced). */
    public void setMediaBitrate(VideoStream stream, long bitsPerSecond, long now) {
        fanOut.setMediaBitrate(stream, bitsPerSecond);
    }

    /** The recovery side of a viewer's video (counters), or null. */
    public SenderLink link(int sessionId) {
        ViewerSession viewer = viewers.get(sessionId);
        return viewer == null ? null : viewer.video();
    }

    /**
     * Media from viewers that is not talkback (not Opus, payload type 111, or a retransmission:
     * viewers send neither): authentic, so the viewer's bug; dropped and counted.
     */
    public long droppedTalk() {
        return talk.droppedTalk();
    }

    /** Talk packets refused because another viewer was talking (one talker at a time, §10.7). */
    public long refusedTalk() {
        return talk.refusedTalk();
    }

    /** How many times the camera's owner took the talk floor from another viewer (§10.7). */
    public long talkTakeOvers() {
        return talk.talkTakeOvers();
    }

    public int viewers() {
        return viewers.size();
    }

    public long droppedDatagrams() {
        return droppedDatagrams;
    }

    /** CONNECT_FORWARDs from the camera's nodes dropped unheard: their tag did not verify (§4.7). */
    public long unauthenticatedForwards() {
        return homes.unauthenticatedForwards();
    }

    public CameraEvent pollEvent() {
        return events.poll();
    }

    @Override
    public Outgoing pollTransmit() {
        return outgoing.poll();
    }

    @Override
    public long nextTimeout() {
        long next = Math.min(homes.nextTimeout(), fanOut.nextTimeout());
        for (ViewerSession viewer : viewers.values()) {
            next = Math.min(next, viewer.nextTimeout());
        }
        return next;
    }

    @Override
    public void cloudPathChanged(InetSocketAddress cloud, CloudPathMove move, long now) {
        transports.changed(cloud, move.toTcp());
        homes.pathChanged(cloud, now); // registers again there: the cloud knows us by the old path's address
        drainRegistration(now);
    }

    @Override
    public void handleTimeout(long now) {
        homes.handleTimeout(now);
        drainRegistration(now);
        fanOut.handleTimeout(now);
        for (ViewerSession viewer : new ArrayList<>(viewers.values())) {
            viewer.session().handleTimeout(now);
            sessionEvents.drain(viewer, now);
            viewer.handleLinkTimeout(now);
        }
    }

    /** The paired viewers (read-only use: list them; change them through {@link #revoke}). */
    public List<PairingStore.Pairing> pairings() {
        return handshake.pairings().pairings();
    }

    /**
     * Forgets a paired viewer and ends its live sessions (with a BYE). Returns whether it was paired.
     *
     * @throws PairingStoreException when the change cannot be saved (the viewer is forgotten in memory anyway)
     */
    public boolean revoke(Bytes viewerKey, long now) throws PairingStoreException {
        boolean wasPaired;
        try {
            wasPaired = handshake.pairings().revoke(viewerKey);
        } finally {
            reportPairingChanges();
            for (ViewerSession viewer : new ArrayList<>(viewers.values())) {
                if (viewer.isKeyedBy(viewerKey)) {
                    viewer.session().close(now);
                    sessionEvents.drain(viewer, now);
                }
            }
        }
        return wasPaired;
    }

    /** Says goodbye to every viewer (the cloud registration simply expires). */
    public void close(long now) {
        for (ViewerSession viewer : new ArrayList<>(viewers.values())) {
            viewer.session().close(now);
            sessionEvents.drain(viewer, now);
        }
    }

    /** The cloud nodes the camera is registered with now (status and logs). */
    public List<InetSocketAddress> registeredNodes() {
        return homes.registeredNodes();
    }

    /** The cloud nodes the camera is homed on now, registered or trying to be. */
    public List<InetSocketAddress> homeNodes() {
        return homes.homeNodes();
    }

    private void drainRegistration(long now) {
        CloudHomes.Event homeEvent;
        while ((homeEvent = homes.pollEvent()) != null) {
            InetSocketAddress node = homeEvent.node();
            switch (homeEvent.event()) {
                case CameraRegistrationEvent.Registered registered ->
                    events.add(new CameraEvent.Registered(registered.reflexive(), node));
                case CameraRegistrationEvent.Lost lost ->
                    events.add(new CameraEvent.RegistrationLost(lost.reason(), node, lost.pathChanged()));
                case CameraRegistrationEvent.ConnectForwarded forward -> onForward(node, forward, now);
            }
        }
        CloudHomes.Transmit transmit;
        while ((transmit = homes.pollTransmit()) != null) {
            outgoing.add(new Outgoing(transmit.node(), transmit.data()));
        }
    }

    /** A viewer's connect request, forwarded by {@code node}: answered through that node, relayed by it. */
    private void onForward(InetSocketAddress node, CameraRegistrationEvent.ConnectForwarded forward, long now) {
        // The cloud puts the viewer's reflexive address first; the viewer's own come authenticated in its hello.
        Candidate reflexive = forward.viewerCandidates().isEmpty()
                ? null
                : forward.viewerCandidates().get(0);
        InetAddress viewer = reflexive == null ? InetAddress.getLoopbackAddress() : reflexive.ip();
        Candidate seen = reflexive != null && reflexive.kind() == Candidate.Kind.REFLEXIVE ? reflexive : null;
        Admission admission = admit(forward.handshake(), viewer, seen, forward.relay(), node, now);
        // Our candidates travel in the welcome, authenticated and for this viewer alone; the cloud adds
        // our registered (reflexive) address, which it knows anyway.
        homes.answer(
                node,
                forward.forwardId(),
                admission.decision().accept(),
                List.of(),
                admission.decision().handshake());
        if (admission.admitted() != null) {
            sessionEvents.drain(admission.admitted(), now);
        }
    }

    /** The pass key of {@code node}, or for a viewer on our LAN (no node) that of the first node we are registered with. */
    private Bytes passKeyFor(InetSocketAddress node) {
        if (node != null) {
            return homes.cloudPassKey(node);
        }
        List<InetSocketAddress> registered = homes.registeredNodes();
        return registered.isEmpty() ? Bytes.EMPTY : homes.cloudPassKey(registered.getFirst());
    }

    /** The decision for the viewer and, when it was admitted, its new session (not yet drained). */
    private record Admission(DirectRequests.Decision decision, ViewerSession admitted) {}

    /** Runs the handshake on one first message and keeps the session of a viewer it admits. */
    private Admission admit(
            Bytes firstMessage,
            InetAddress viewer,
            Candidate seen,
            RelayGrant relayGrant,
            InetSocketAddress node,
            long now) {
        ViewerAdmission.Request request =
                new ViewerAdmission.Request(firstMessage, viewer, seen, relayGrant, node, passKeyFor(node));
        ViewerAdmission.Outcome outcome = admission.admit(
                request,
                newSessionId(),
                (key, viewerSessionId) -> viewers.size()
                        - ReplacedSessions.by(viewers.values(), key, viewerSessionId)
                                .size(),
                transports.overTcp(request.node()),
                now);
        events.add(outcome.event());
        if (outcome.session() == null) {
            reportPairingChanges();
            return new Admission(outcome.decision(), null);
        }
        // Its first keyframe is asked for before the pairing this admission made is reported (0030).
        ViewerSession admitted = newSessions.open(outcome, now);
        reportPairingChanges();
        for (ViewerSession replaced : // shown dead by this handshake (§10.1)
                ReplacedSessions.by(
                        viewers.values(), outcome.viewerKey(), outcome.session().remoteId())) {
            replaced.session().close(now);
            sessionEvents.drain(replaced, now);
        }
        viewers.put(admitted.id(), admitted);
        fanOut.reportDemand();
        return new Admission(outcome.decision(), admitted);
    }

    /** Reports the paired viewers once after a change, for the owner to write to disk (§10.1). */
    private void reportPairingChanges() {
        PairingStore store = handshake.pairings();
        if (store.version() != pairingsReported) {
            pairingsReported = store.version();
            events.add(new CameraEvent.PairingsChanged(store.snapshot()));
        }
    }

    private int newSessionId() {
        int id;
        do {
            id = random.nextInt();
        } while (id == 0 || viewers.containsKey(id));
        return id;
    }
}
