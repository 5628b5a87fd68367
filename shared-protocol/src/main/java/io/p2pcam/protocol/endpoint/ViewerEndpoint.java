package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.cloud.CloudPathMove;
import io.p2pcam.protocol.cloud.ConnectThroughNodes;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.SecureSession;
import io.p2pcam.protocol.session.SessionEvent;
import io.p2pcam.protocol.session.SessionPacket;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.VideoStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A viewer's connection to one camera on its own UDP socket, sans I/O: looks the camera up,
 * checks its key against the ID, sends the Noise first message (timestamped, with the password
 * unless the viewer is paired, docs/PROTOCOL.md §10.1) through the cloud ({@link CloudConnect}),
 * and on admission punches a path and receives media ({@link MediaIntake}). Reports each milestone
 * with its time so that `probe` and the UI can show where a connection stands.
 *
 * <p>Not thread-safe: the runtime's loop thread drives it.
 *
 * <p>{@code random} draws transaction IDs, session IDs and probe tokens, which an attacker must
 * not predict: a {@code SecureRandom} outside tests (the apps' ArchitectureTest forbids the other
 * kinds). A seeded generator is for tests that must repeat.
 */
public final class ViewerEndpoint implements DatagramEndpoint {
    public enum Phase {
        LOOKING_UP,
        CONNECTING,
        PUNCHING,
        LIVE,
        ENDED
    }

    private final RandomGenerator random;
    private final long startedAt;
    private final long deadline;
    private final ArrayDeque<ViewerEvent> events = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> outgoing = new ArrayDeque<>();
    private final CloudConnect connect;
    private SecureSession session;
    /** The session's media, once admitted; null before. */
    private MediaIntake media;

    private Phase phase = Phase.LOOKING_UP;
    private final StreamChoice streamChoice = new StreamChoice(events);
    /** How often a viewer repeats its SELECT_STREAM while live: a lost one costs at most this. */
    public static final long SELECTION_REFRESH_MILLIS = 1_000;

    /** Through one cloud node. */
    public ViewerEndpoint(
            CameraId camera,
            InetSocketAddress cloud,
            Password password,
            String viewerName,
            KeyPair viewerStatic,
            boolean pair,
            List<Candidate> localCandidates,
            SecureRandom secureRandom,
            RandomGenerator random,
            SessionTimers timers,
            InstantSource wallClock,
            long now,
            long deadline) {
        this(
                camera,
                List.of(cloud),
                password,
                viewerName,
                viewerStatic,
                pair,
                localCandidates,
                secureRandom,
                random,
                timers,
                wallClock,
                now,
                deadline);
    }

    /**
     * Through the cloud's {@code nodes}, tried in turn in this order (docs/PROTOCOL.md §5.4): put the
     * one that answered last time ({@link #cloudNode()}) first.
     */
    public ViewerEndpoint(
            CameraId camera,
            List<InetSocketAddress> nodes,
            Password password,
            String viewerName,
            KeyPair viewerStatic,
            boolean pair,
            List<Candidate> localCandidates,
            SecureRandom secureRandom,
            RandomGenerator random,
            SessionTimers timers,
            InstantSource wallClock,
            long now,
            long deadline) {
        List<Candidate> candidates = List.copyOf(localCandidates);
        this.random = random;
        this.startedAt = now;
        this.deadline = deadline;
        int sessionId = random.nextInt() | 1;
        SessionStart start = new SessionStart(
                camera,
                sessionId,
                password,
                viewerName,
                viewerStatic,
                pair,
                candidates,
                wallClock,
                secureRandom,
                timers,
                random);
        this.connect = new CloudConnect(camera, nodes, candidates, start, random, now, deadline);
        drainConnect(now);
    }

    /**
     * Presents a paired viewer's cloud pass for this camera (from an earlier welcome) in the
     * CONNECT_REQUEST (docs/PROTOCOL.md §5.3), so that strangers filling the camera's connect cap do
     * not delay it. Call before the cloud answers the LOOKUP, i.e. right after construction.
     */
    public void presentPass(CloudPass pass) {
        connect.presentPass(Objects.requireNonNull(pass, "pass"));
    }

    public Phase phase() {
        return phase;
    }

    /**
     * The cloud node that answered last (the lookup's, then the connect's), or null while none has:
     * the one to try first next time.
     */
    public InetSocketAddress cloudNode() {
        return connect.answeredBy();
    }

    /** The session once admitted (for its counters), or null. */
    public SecureSession session() {
        return session;
    }

    /** The media recovery counters (loss, NACKs, PLIs, RTT, jitter) once admitted, or null. */
    public MediaReceiver.Stats mediaStats() {
        return media == null ? null : media.stats();
    }

    /**
     * How the video has come so far (authenticated packets, bytes, the stream's SSRC, whether it
     * began with a keyframe); {@link VideoReceiver.Progress#NONE} before admission.
     */
    public VideoReceiver.Progress videoProgress() {
        return media == null ? VideoReceiver.Progress.NONE : media.progress();
    }

    /** Media or feedback packets that authenticated but did not parse (the camera's bug). */
    public long droppedMedia() {
        return media == null ? 0 : media.dropped();
    }

    @Override
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        handleDatagram(data, offset, length, from, 0, now);
    }

    @Override
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, int socket, long now) {
        if (phase == Phase.ENDED) {
            return; // closed or failed: like its timeouts, what still arrives changes nothing
        }
        if (SessionPacket.isSessionPacket(data, offset, length)) {
            if (session != null) {
                session.handleDatagram(data, offset, length, from, socket, now);
                drainSession(now);
            }
        } else if (socket != 0) {
            return; // extra sockets carry session packets only
        } else if (fromRelay(from) && RelayFrame.isFrame(data, offset, length)) {
            // The camera's packet through the relay: the session's, from the relay's address.
            session.handleDatagram(
                    data, offset + RelayFrame.HEADER_BYTES, RelayFrame.sessionPacketLength(length), from, now);
            drainSession(now);
        } else if (fromRelay(from) && RelayFrame.isChallenge(data, offset, length)) {
            byte[] response = session.relayRoute().answer(data, offset, length); // prove this address (§7)
            if (response != null) {
                outgoing.add(new Outgoing(from, response));
            }
        } else if (connect.isFromNode(from)) {
            connect.handleDatagram(data, offset, length, from, now);
            drainConnect(now);
        }
    }

    /**
     * Whether a datagram comes from the session's relay: the node that gave the grant, or the one
     * the grant named (a cluster's node holding the camera, docs/PROTOCOL.md §7).
     */
    private boolean fromRelay(InetSocketAddress from) {
        return session != null
                && session.relayRoute() != null
                && from.equals(session.relayRoute().relay());
    }

    /**
     * Asks the camera for a keyframe with a PLI (RFC 4585 §6.3.1): the decoder lost its reference or
     * fell behind. Repeated every {@value VideoReceiver#KEYFRAME_RETRY_MILLIS} ms until one arrives.
     */
    public void requestKeyframe(long now) {
        if (media != null) {
            media.requestKeyframe(now);
            drainSession(now);
        }
    }

    /**
     * Asks the camera for its main or sub-stream (docs/PROTOCOL.md §10.9): once live or the path is
     * fixed, then every {@value #SELECTION_REFRESH_MILLIS} ms (a lost request costs a second at most).
     * A camera without that stream sends what it sends; the pictures say which stream arrives.
     */
    public void selectStream(VideoStream stream, long now) {
        if (stream == VideoStream.UNKNOWN) {
            throw new IllegalArgumentException("select MAIN or SUB");
        }
        streamChoice.want(stream);
        if (phase == Phase.LIVE) {
            streamChoice.send(session, now);
            drainSession(now);
        }
    }

    /** The stream this viewer asks for now (while it falls back, or waits for that answer: SUB), or null. */
    public VideoStream askedStream() {
        return streamChoice.asked();
    }

    /**
     * Sends one talkback packet (Opus RTP, this viewer's own SSRC, docs/PROTOCOL.md §10.7) to the
     * camera's speaker, at once; dropped unless the session is live. Returns whether it was sent.
     */
    public boolean sendTalk(RtpPacket packet, long now) {
        if (packet.payloadType() != OpusRtp.PAYLOAD_TYPE) {
            throw new IllegalArgumentException("talkback must be an Opus RTP packet (payload type 111)");
        }
        if (phase != Phase.LIVE || session == null || session.isClosed()) {
            return false;
        }
        session.sendMedia(RtpCodec.encode(packet), now);
        drainSession(now);
        return true;
    }

    /** Says bye to the camera if there is a session, and ends the connect wherever it stands. */
    public void close(long now) {
        if (session != null) {
            session.close(now);
            drainSession(now);
        }
        phase = Phase.ENDED;
        connect.end(); // a late answer from the cloud must not start it again
    }

    public ViewerEvent pollEvent() {
        return events.poll();
    }

    @Override
    public Outgoing pollTransmit() {
        return outgoing.poll();
    }

    @Override
    public long nextTimeout() {
        if (phase == Phase.ENDED) {
            return Long.MAX_VALUE;
        }
        long next = phase == Phase.LIVE ? Long.MAX_VALUE : deadline;
        next = Math.min(next, connect.nextTimeout());
        if (session != null) {
            next = Math.min(next, session.nextTimeout());
        }
        if (media != null && phase == Phase.LIVE) {
            next = Math.min(next, media.nextTimeout());
        }
        if (phase == Phase.LIVE) {
            next = Math.min(next, streamChoice.nextTimeout());
        }
        return next;
    }

    @Override
    public void handleTimeout(long now) {
        if (phase == Phase.ENDED) {
            return;
        }
        if (phase != Phase.LIVE && now >= deadline) {
            SessionStart.Failed limited = connect.limitedByTheCloud(now);
            if (limited != null) { // refused over UDP, TCP failed: the truth, not a bare timeout (§5.5)
                fail(limited.failure(), limited.message(), now);
                return;
            }
            fail(
                    ViewerFailure.TIMEOUT,
                    "no video within the time allowed (stuck "
                            + phase.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ")",
                    now);
            return;
        }
        if (!connect.isOver()) {
            connect.handleTimeout(now);
            drainConnect(now);
        }
        if (session != null) {
            session.handleTimeout(now);
            if (media != null && phase == Phase.LIVE) {
                media.handleTimeout(now);
            }
            if (phase == Phase.LIVE) {
                streamChoice.handleTimeout(session, mediaStats(), videoProgress(), now);
            }
            drainSession(now);
        }
    }

    @Override
    public void cloudPathChanged(InetSocketAddress cloud, CloudPathMove move, long now) {
        connect.pathChanged(cloud, move, now);
        drainConnect(now);
    }

    private void drainConnect(long now) {
        CloudConnect.Step step;
        while ((step = connect.pollStep()) != null) {
            switch (step) {
                case CloudConnect.Step.KeyVerified verified -> {
                    events.add(new ViewerEvent.KeyVerified(now - startedAt));
                    phase = Phase.CONNECTING;
                }
                case CloudConnect.Step.Failed failed -> fail(failed.failure(), failed.message(), now);
                case CloudConnect.Step.Admitted(SessionStart.Admitted admitted) -> {
                    phase = Phase.PUNCHING;
                    events.add(new ViewerEvent.Admitted(now - startedAt, admitted.welcome()));
                    streamChoice.listed(AnnouncedStreams.of(admitted.welcome())); // decision 0044
                    session = admitted.session();
                    media = new MediaIntake(random.nextInt(), events, now);
                    drainSession(now);
                }
            }
        }
        ConnectThroughNodes.Transmit transmit;
        while ((transmit = connect.pollTransmit()) != null) {
            outgoing.add(new Outgoing(transmit.node(), transmit.data()));
        }
    }

    private void drainSession(long now) {
        SessionEvent event;
        while (session != null && (event = session.pollEvent()) != null) {
            switch (event) {
                case SessionEvent.PathSelected path -> {
                    phase = Phase.LIVE;
                    events.add(new ViewerEvent.Live(now - startedAt, path.kind(), path.peer()));
                    streamChoice.send(session, now);
                }
                case SessionEvent.Media packet -> media.media(packet.rtp(), false, now);
                case SessionEvent.Retransmission retransmission -> media.media(retransmission.rtp(), true, now);
                case SessionEvent.Feedback feedback -> media.feedback(feedback.rtcp(), now);
                case SessionEvent.Closed closed -> {
                    if (closed.reason() == SessionEvent.CloseReason.LOCAL_CLOSE) {
                        phase = Phase.ENDED;
                    } else {
                        fail(
                                SessionEnd.failure(closed.reason(), phase == Phase.LIVE),
                                SessionEnd.message(closed.reason(), session.hasRelay()),
                                now);
                    }
                }
                case SessionEvent.KeyframeRequested ignored -> {}
                case SessionEvent.StreamSelection ignored -> {} // a viewer's message: not ours to obey
                case SessionEvent.PathChanged changed -> {
                    if (phase == Phase.LIVE) {
                        events.add(new ViewerEvent.PathChanged(now - startedAt, changed.kind(), changed.peer()));
                    }
                }
            }
        }
        if (media != null && session != null) {
            media.drain(session, now);
        }
        SecureSession.Transmit transmit;
        while (session != null && (transmit = session.pollTransmit()) != null) {
            outgoing.add(new Outgoing(transmit.to(), transmit.data(), transmit.socket()));
        }
    }

    private void fail(ViewerFailure failure, String message, long now) {
        if (phase == Phase.ENDED) {
            return;
        }
        if (session != null && !session.isClosed()) {
            session.close(now);
            drainSession(now);
        }
        phase = Phase.ENDED;
        connect.end();
        events.add(new ViewerEvent.Failed(failure, message));
    }
}
