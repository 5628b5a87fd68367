package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.AnnouncedStreams;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import io.p2pcam.viewer.engine.audio.AudioPlayer;
import io.p2pcam.viewer.engine.audio.AudioSink;
import io.p2pcam.viewer.engine.audio.LipSync;
import io.p2pcam.viewer.engine.decode.FramePipeline;
import io.p2pcam.viewer.engine.frame.LatestFrameMailbox;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewer engine's live connection to one camera, with no UI: a UDP socket and network thread
 * running the {@link ViewerEndpoint} (whose {@link VideoReceiver} turns the video's RTP into access
 * units and asks for keyframes), and decoding on a decode thread that publishes pictures to a
 * {@link LatestFrameMailbox} (latest wins: a slow consumer drops pictures, never builds a
 * backlog). Both `probe` and the desktop app use it.
 *
 * <p>Threads: the network thread owns the endpoint; the decode thread owns the pipeline. Access
 * units pass between them through a bounded queue; when it overflows (the decoder cannot keep up)
 * access units are dropped and a keyframe is requested.
 *
 * <p>If either thread stops by itself (a bug, a socket failure) the listener hears a
 * {@link ViewerFailure#CONNECTION_LOST} failure, once, like a camera gone silent: the supervisor
 * closes this connection and tries again, and no tile stays frozen on "Live".
 */
public final class CameraConnection implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CameraConnection.class);

    private final ConnectionSettings settings;
    private final ConnectionListener listener;
    private final LatestFrameMailbox mailbox = new LatestFrameMailbox();
    private final DecodeQueue decodeQueue = new DecodeQueue();
    private final AtomicLong audioBytes = new AtomicLong();
    private volatile VideoReceiver.Progress video = VideoReceiver.Progress.NONE;
    private final MediaArrival arrival = new MediaArrival();
    private final AtomicLong queueOverflows = new AtomicLong();
    private final AtomicLong talkSent = new AtomicLong();
    private final AtomicLong talkRefused = new AtomicLong();
    private volatile String floorHolder;
    /** Whether the camera last said its owner took the talk floor from us (docs/PROTOCOL.md §10.7). */
    private volatile boolean floorTakenOver;

    private final ThreadDeaths threadDeaths;
    private final Thread decodeThread;
    private final UdpEndpointRunner<ViewerEndpoint> runner;
    private final DecodeLoop decoding;
    private volatile MediaReceiver.Stats mediaStats;
    private volatile boolean closed;
    /** The stream the tile's size asked for last, or null before a size was known. */
    private volatile VideoStream tileStream;
    /** What the endpoint's SELECT_STREAMs ask for, as of its last network turn. */
    private volatile VideoStream askedStream;

    private volatile AnnouncedStreams listedStreams = AnnouncedStreams.NOT_LISTED;

    private volatile Consumer<DepacketizerEvent> accessUnitTap;
    private volatile AudioPlayer audio;
    /** While the sound plays, pictures wait for it (docs/decisions/0017); muted, they are shown at once. */
    private final LipSync lipSync = new LipSync();

    private volatile InetSocketAddress cloudNode;
    private volatile Consumer<RtpPacket> audioTap;

    private CameraConnection(ConnectionSettings settings, ConnectionListener listener, Impairment impairment)
            throws IOException {
        this.settings = settings;
        this.listener = listener;
        this.threadDeaths = new ThreadDeaths(settings.camera(), listener, () -> closed);
        DatagramChannel channel = UdpEndpointRunner.open(new InetSocketAddress(0));
        UdpEndpointRunner<ViewerEndpoint> built = null;
        try { // a failure to build or start closes what was opened: a tile trying again leaks nothing
            InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
            long now = UdpEndpointRunner.now();
            SecureRandom secure = new SecureRandom();
            ViewerEndpoint endpoint = new ViewerEndpoint(
                    settings.camera(),
                    settings.clouds(),
                    settings.password(),
                    settings.viewerName(),
                    settings.viewerKey() == null ? KeyPair.generate(secure) : settings.viewerKey(),
                    settings.viewerKey() != null, // only a key kept across runs is worth pairing
                    LocalCandidates.of(bound),
                    secure,
                    secure, // transaction and session IDs, probe tokens: nothing an attacker may predict
                    SessionTimers.DEFAULT,
                    InstantSource.system(),
                    now,
                    now + settings.timeout().toMillis());
            endpoint.presentPass(settings.pass());
            // Both threads start only once everything either reads is built: the decode thread asks the
            // network thread for keyframes through the runner, which must exist when it first runs.
            this.runner = built = UdpEndpointRunner.unstartedWithNodes(
                    endpoint,
                    channel,
                    "net " + settings.camera(),
                    this::afterNetworkTurn,
                    settings.direct() ? List.of() : settings.clouds(), // no TCP fallback to a camera on the LAN
                    impairment); // TCP to a cloud node when UDP to it is blocked
            this.decoding = new DecodeLoop(
                    settings.camera(),
                    decodeQueue,
                    mailbox,
                    lipSync,
                    listener,
                    this::requestKeyframe,
                    () -> tileStream,
                    threadDeaths,
                    () -> closed);
            this.decodeThread = Thread.ofPlatform()
                    .name("decode " + settings.camera())
                    .daemon()
                    .unstarted(decoding);
            this.decodeThread.start();
            runner.startLoop();
        } catch (IOException | RuntimeException | Error e) {
            closed = true; // a started decode thread sees it and ends
            if (built != null) {
                built.close(endpoint -> endpoint.close(UdpEndpointRunner.now())); // closes the channel too
            } else {
                channel.close();
            }
            throw e;
        }
        threadDeaths.watch("network", runner.terminated());
    }

    /** Connects in the background; progress and the end arrive at {@code listener}. */
    public static CameraConnection open(ConnectionSettings settings, ConnectionListener listener) throws IOException {
        return new CameraConnection(settings, listener, null);
    }

    /**
     * As {@link #open(ConnectionSettings, ConnectionListener)}, over a simulated bad network (both
     * directions of the viewer's socket): for loss-recovery tests and benchmarks only.
     */
    public static CameraConnection open(ConnectionSettings settings, ConnectionListener listener, Impairment impairment)
            throws IOException {
        return new CameraConnection(settings, listener, impairment);
    }

    public LatestFrameMailbox mailbox() {
        return mailbox;
    }

    /**
     * The cloud node that answered this connection's lookup or connect last, or null while none
     * has: the one to try first next time (docs/PROTOCOL.md §5.4). Any thread.
     */
    public InetSocketAddress cloudNode() {
        return cloudNode;
    }

    /** RTP bytes received (payload of authenticated media packets). */
    public long mediaBytes() {
        return video.bytes() + audioBytes.get();
    }

    /** The decode pipeline's counters, or null before the decoder started. */
    public FramePipeline pipeline() {
        return decoding.pipeline();
    }

    /** Loss, recovery, round-trip and jitter figures of the media, or null before admission. */
    public MediaReceiver.Stats mediaStats() {
        return mediaStats;
    }

    public long queueOverflows() {
        return queueOverflows.get();
    }

    /**
     * Scale pictures down to fit within this size (aspect kept); 0 for full size. A known size (a
     * tile on screen) also picks the camera's stream that suits it ({@link StreamChoice}): the
     * sub-stream for small tiles, the main one for large tiles and the single view. Any thread.
     */
    public void fitPicturesWithin(int width, int height) {
        if (width > 0 && height > 0) {
            VideoStream choice = StreamChoice.forTile(width, height);
            if (choice != tileStream) {
                tileStream = choice;
                selectStream(choice);
            }
        }
        decoding.fitWithin(width, height);
    }

    /**
     * Plays the camera's sound into {@code sink} (owned from now on) from now on, replacing and
     * closing the previous one; null stops the sound. Any thread.
     */
    public void playAudio(AudioSink sink) {
        AudioPlayer previous;
        synchronized (this) {
            previous = audio;
            audio = sink == null || closed ? null : new AudioPlayer(sink, lipSync);
            if (audio != null) { // as for the network thread: a player that stopped is noticed, not silence for good
                threadDeaths.watch("audio", audio.stopped());
            }
        }
        if (sink == null) {
            lipSync.stop();
        }
        if (previous != null) {
            previous.close();
        }
    }

    /**
     * Sends one talkback packet (Opus RTP, docs/PROTOCOL.md §10.7) to the camera's speaker, sealed
     * in this session; dropped unless the session is live. Any thread; never blocks.
     */
    public void talk(RtpPacket packet) {
        onNetworkThread(endpoint -> {
            if (endpoint.sendTalk(packet, UdpEndpointRunner.now())) {
                talkSent.incrementAndGet();
            }
        });
    }

    /** Talkback packets sent to the camera. */
    public long talkSent() {
        return talkSent.get();
    }

    /** How often the camera said it did not play our talk (another viewer held the floor). */
    public long talkRefused() {
        return talkRefused.get();
    }

    /** The viewer the camera last said holds its talk floor (empty if unnamed), or null if it never did. */
    public String floorHolder() {
        return floorHolder;
    }

    /** Whether the camera's last refusal said its owner, {@link #floorHolder()}, took the floor from us. */
    public boolean floorTakenOver() {
        return floorTakenOver;
    }

    /** The sound's counters, or null while no sound plays. */
    public AudioPlayer.Stats audioStats() {
        AudioPlayer player = audio;
        return player == null ? null : player.stats();
    }

    /**
     * Hands every depacketizer event (access units, and the losses between them) to {@code tap} on
     * the network thread, e.g. a recorder; null stops.
     */
    public void tapAccessUnits(Consumer<DepacketizerEvent> tap) {
        accessUnitTap = tap;
    }

    /** Hands every audio RTP packet, as it arrived, to {@code tap} on the network thread (a recorder); null stops. */
    public void tapAudio(Consumer<RtpPacket> tap) {
        audioTap = tap;
    }

    /**
     * Hands the next decoded picture, at full size whatever the display fits, to {@code consumer}
     * on the decode thread (valid during the call only): a snapshot. False if nothing decodes yet.
     */
    public boolean captureNextPicture(Consumer<VideoFrame> consumer) {
        FramePipeline current = decoding.pipeline();
        if (current == null) {
            return false;
        }
        current.captureNextPicture(consumer);
        return true;
    }

    /**
     * Asks the camera for a keyframe now, if the session is live, and again until one comes (at
     * most every {@value VideoReceiver#KEYFRAME_RETRY_MILLIS} ms however often asked). Any thread.
     */
    public void requestKeyframe() {
        onNetworkThread(endpoint -> {
            if (endpoint.phase() == ViewerEndpoint.Phase.LIVE) {
                endpoint.requestKeyframe(UdpEndpointRunner.now());
            }
        });
    }

    /**
     * Asks the camera for its main or sub-stream (docs/PROTOCOL.md §10.9): now if live, else as
     * soon as the path is fixed; the choice is repeated every second while live. Any thread. The
     * decoder follows the new stream's size by itself; the last picture of the old one stays in
     * the mailbox until the new stream's first keyframe is decoded.
     */
    public void selectStream(VideoStream stream) {
        onNetworkThread(endpoint -> endpoint.selectStream(stream, UdpEndpointRunner.now()));
    }

    /** Runs {@code task} with the endpoint on the network thread; false if refused (queue full, thread ended). */
    boolean onNetworkThread(Consumer<ViewerEndpoint> task) {
        return runner.execute(task);
    }

    /** The stream the tile's size chose ({@link #fitPicturesWithin}), or null before a size was known. */
    public VideoStream tileStream() {
        return tileStream;
    }

    /** What the camera is asked for now (the sub-stream while a fallback asks for it), or null. */
    public VideoStream askedStream() {
        return askedStream;
    }

    /** The streams the camera's welcome listed (decision 0044), {@link AnnouncedStreams#NOT_LISTED} before or without. */
    public AnnouncedStreams listedStreams() {
        return listedStreams;
    }

    /** {@link System#nanoTime()} when the first media packet arrived, 0 before. */
    public long firstMediaNanos() {
        return arrival.firstMediaNanos();
    }

    /**
     * {@link System#nanoTime()} in the network turn that received the first packet of a new video
     * stream (another SSRC: the camera switched between its main and sub-stream, §10.9), 0 before
     * any switch.
     */
    public long streamChangedNanos() {
        return arrival.streamChangedNanos();
    }

    /** What the first access unit the camera sent was: a viewer decoding from it needs a keyframe. */
    public VideoReceiver.FirstUnit firstUnit() {
        return video.firstUnit();
    }

    /** Intact pictures that came before the first keyframe, not decoded (nothing to decode them from). */
    public long skippedBeforeKeyframe() {
        return video.skippedBeforeKeyframe();
    }

    /** Whether {@code candidate} is the listener this connection reports to. */
    boolean isListener(ConnectionListener candidate) {
        return listener == candidate;
    }

    /** Network thread: drain the endpoint's events, access units to the decoder, sound to the player. */
    private void afterNetworkTurn(ViewerEndpoint endpoint) {
        InetSocketAddress node = endpoint.cloudNode();
        if (node != null) {
            cloudNode = node; // before the events: a listener hearing Failed may ask for it
        }
        VideoReceiver.Progress progress = endpoint.videoProgress();
        arrival.turn(progress, endpoint.askedStream(), System.nanoTime()); // before the events: a tap reads it
        ViewerEvent event;
        while ((event = endpoint.pollEvent()) != null) {
            if (event instanceof ViewerEvent.Video video) {
                onVideo(video.event(), endpoint);
            } else if (event instanceof ViewerEvent.Audio sound) {
                audioBytes.addAndGet(sound.packet().encodedLength());
                AudioPlayer player = audio;
                if (player != null) {
                    player.offer(sound.packet());
                }
                Consumer<RtpPacket> tap = audioTap;
                if (tap != null) {
                    tap.accept(sound.packet());
                }
            } else {
                if (event instanceof ViewerEvent.Admitted admitted) {
                    listedStreams = AnnouncedStreams.of(admitted.welcome());
                    arrival.listed(listedStreams); // before any media
                } else if (event instanceof ViewerEvent.TalkRefused refused) {
                    talkRefused.incrementAndGet();
                    floorHolder = refused.holder();
                    floorTakenOver = refused.takenOver();
                } else if (event instanceof ViewerEvent.StreamFallback fallback) {
                    log.info(
                            fallback.onSub()
                                    ? "camera {}: the main stream keeps breaking on this path; the sub-stream for {} s"
                                    : "camera {}: the fallback to the sub-stream ended (its hold, or a new choice)",
                            settings.camera(),
                            fallback.holdMillis() / 1000);
                }
                listener.event(event);
            }
        }
        mediaStats = endpoint.mediaStats();
        askedStream = endpoint.askedStream();
        video = progress; // the turn's datagram is counted in it; draining events adds nothing
    }

    private void onVideo(DepacketizerEvent event, ViewerEndpoint endpoint) {
        Consumer<DepacketizerEvent> tap = accessUnitTap;
        if (tap != null) {
            tap.accept(event);
        }
        if (!decodeQueue.offer(event)) { // what waited is dropped: the pipeline resumes at the next keyframe
            queueOverflows.incrementAndGet();
            if (endpoint.phase() == ViewerEndpoint.Phase.LIVE) {
                endpoint.requestKeyframe(UdpEndpointRunner.now());
            }
        }
    }

    /** Says goodbye to the camera and stops both threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        runner.close(endpoint -> endpoint.close(UdpEndpointRunner.now()));
        playAudio(null);
        try {
            decodeThread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
