package io.p2pcam.camera.live;

import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.camera.audio.Speaker;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.camera.pairing.PairingFile;
import io.p2pcam.camera.pairing.PairingKeeper;
import io.p2pcam.camera.pairing.Revocations;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.SessionWarmUp;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A running camera: registered with the cloud, admitting viewers with the password and streaming
 * to each of them the stream it watches, main or sub (docs/PROTOCOL.md §10.9). Wires the {@link
 * CameraEndpoint} (network thread) to the {@link EncoderLoop} (encoder thread): a stream is
 * subscribed to, and so encoded, only while a viewer watches it; new viewers and viewers' requests
 * get keyframes of their stream.
 */
public final class LiveCamera implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveCamera.class);

    private final EncoderLoop encoder;

    private final AudioLoop audio;
    private final Speaker speaker;
    private final UdpEndpointRunner<CameraEndpoint> network;
    private final InetSocketAddress localAddress;
    /** One per stream the encoder has: each stream's encoder follows the worst path among its own viewers. */
    private final List<RateControl> rates;

    private final StreamSubscriptions streams;
    private final RefusalLog refusals = new RefusalLog(log);
    /** Writes the paired viewers to the state directory off the network thread; null without one (tests). */
    private final PairingKeeper pairingKeeper;

    private final StateDirLock lock;
    /** Applies `viewers revoke` requests; null without a state directory (tests). */
    private final RevocationPoll revocationPoll;

    private final CompletableFuture<Void> died = new CompletableFuture<>();
    private final Settings settings;
    private final Consumer<CameraEvent> observer;
    /** The cloud nodes the camera is registered with now (written on the network thread). */
    private volatile List<InetSocketAddress> registeredNodes = List.of();

    /**
     * What the camera needs to run ({@code encoder}, started here, is owned from now on); {@code
     * clouds}: the cloud's nodes, with several the camera registers with two at once (PROTOCOL.md §4.9).
     */
    public record Settings(
            CameraIdentity identity,
            List<InetSocketAddress> clouds,
            Password password,
            InetSocketAddress bind,
            int maxViewers,
            Path stateDir,
            UnpairedBudget.Limits unpaired) {
        /** {@code stateDir} keeps the paired viewers ({@link PairingFile}); null keeps them in memory only (tests). */
        public Settings {
            clouds = List.copyOf(clouds);
            if (clouds.isEmpty()) {
                throw new IllegalArgumentException("a camera needs at least one cloud node");
            }
        }

        /** With one cloud node. */
        public Settings(
                CameraIdentity identity,
                InetSocketAddress cloud,
                Password password,
                InetSocketAddress bind,
                int maxViewers,
                Path stateDir,
                UnpairedBudget.Limits unpaired) {
            this(identity, List.of(cloud), password, bind, maxViewers, stateDir, unpaired);
        }

        /** With the default budget for viewers the camera has not paired with (PROTOCOL.md §10.1). */
        public Settings(
                CameraIdentity identity,
                List<InetSocketAddress> clouds,
                Password password,
                InetSocketAddress bind,
                int maxViewers,
                Path stateDir) {
            this(identity, clouds, password, bind, maxViewers, stateDir, UnpairedBudget.Limits.DEFAULTS);
        }

        /** With the default budget for viewers the camera has not paired with (PROTOCOL.md §10.1). */
        public Settings(
                CameraIdentity identity,
                InetSocketAddress cloud,
                Password password,
                InetSocketAddress bind,
                int maxViewers,
                Path stateDir) {
            this(identity, List.of(cloud), password, bind, maxViewers, stateDir, UnpairedBudget.Limits.DEFAULTS);
        }

        @Override
        public String toString() {
            return "Settings[camera=" + identity.id() + ", clouds=" + clouds + ", password=" + password + ", bind="
                    + bind + ", maxViewers=" + maxViewers + ", stateDir=" + stateDir + "]";
        }
    }

    private LiveCamera(
            Settings settings,
            VideoFormat format,
            EncoderLoop encoder,
            AudioLoop audio,
            Speaker speaker,
            Consumer<CameraEvent> observer,
            PairingStore.Journal pairingSink)
            throws IOException {
        this.encoder = encoder;
        this.audio = audio;
        this.speaker = speaker;
        this.rates = encoder.streams().stream()
                .map(stream ->
                        new RateControl(stream, encoder.bitrate(stream), bitrate -> applyBitrate(stream, bitrate)))
                .toList();
        this.settings = settings;
        this.observer = observer;
        SecureRandom secure = new SecureRandom();
        warmUpSessions(secure);
        DatagramChannel channel = UdpEndpointRunner.open(settings.bind());
        // A start that fails closes what it opened (the socket, the state directory's lock, the loops)
        // so that the same process can start a camera again; what it was given stays the caller's.
        Deque<AutoCloseable> opened = new ArrayDeque<>(List.of(channel));
        try {
            this.localAddress = (InetSocketAddress) channel.getLocalAddress();
            Revocations revocations = settings.stateDir() == null ? null : new Revocations(settings.stateDir());
            this.lock = revocations == null ? null : StateDirLock.take(settings.stateDir());
            opened.push(lock == null ? () -> {} : lock);
            // Admission first, the disk after (decision 0030): the store writes nothing itself; each change
            // comes back as a PairingsChanged event, after the keyframe request, and goes to the writer.
            this.pairingKeeper = settings.stateDir() == null
                    ? null
                    : new PairingKeeper(settings.stateDir(), pairingSink, InstantSource.system());
            opened.push(pairingKeeper == null ? () -> {} : pairingKeeper);
            PairingStore pairings = new PairingStore(
                    settings.identity().noiseStaticKey(),
                    pairingKeeper == null ? PairingStore.Snapshot.empty() : pairingKeeper.initial(),
                    PairingStore.Journal.NONE);
            CameraEndpoint endpoint = new CameraEndpoint(
                    settings.identity(),
                    settings.clouds(),
                    new CameraHandshake.Access(
                            settings.password(), pairings, settings.unpaired(), InstantSource.system()),
                    LocalCandidates.of(localAddress),
                    encoder.hasSubStream()
                            ? new CameraStream(
                                    format.width(),
                                    format.height(),
                                    format.fps(),
                                    encoder.subStreamFormat().width(),
                                    encoder.subStreamFormat().height(),
                                    encoder.subStreamFormat().fps())
                            : new CameraStream(format.width(), format.height(), format.fps()),
                    settings.maxViewers(),
                    secure,
                    secure, // transaction and session IDs, probe tokens: nothing an attacker may predict
                    SessionTimers.DEFAULT,
                    UdpEndpointRunner.now());
            // Everything the network thread reads (the event handling's fields, the senders and through
            // them the runner itself) is built before its loop starts, so no event finds it unbuilt.
            this.network = UdpEndpointRunner.unstartedWithNodes(
                    endpoint,
                    channel,
                    "camera network",
                    camera -> {
                        registeredNodes = camera.registeredNodes();
                        drainEvents(camera);
                    },
                    settings.clouds(), // each node over TCP on the same port when UDP to it is blocked
                    null);
            opened.push(network);
            this.streams = new StreamSubscriptions(encoder, network, secure);
            network.startLoop();

            this.revocationPoll = revocations == null
                    ? null
                    : RevocationPoll.start(revocations, network, pairingKeeper, this::drainEvents);
            opened.push(revocationPoll == null ? () -> {} : revocationPoll);
            encoder.ensureStarted(); // several cameras may share one loop (tests, benchmarks)
            if (audio != null) {
                audio.subscribe(new AudioSender(network, secure, Clock.systemUTC()));
                audio.ensureStarted();
                audio.terminated().whenComplete((ignored, cause) -> diedOf("audio", cause));
            }
            network.terminated().whenComplete((ignored, cause) -> diedOf("network", cause));
            if (speaker != null) {
                speaker.stopped().whenComplete((ignored, cause) -> diedOf("speaker", cause));
            }
            encoder.terminated().whenComplete((ignored, cause) -> diedOf("encoder", cause));
        } catch (IOException | RuntimeException | Error e) {
            closeAll(opened, e);
            throw e;
        }
    }

    /** Closes {@code opened}, the last opened first, keeping whatever that throws with {@code failure}. */
    private static void closeAll(Deque<AutoCloseable> opened, Throwable failure) {
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * In-memory connections the camera runs as it starts. One loads the classes; the camera's first
     * real viewers were still served more slowly than later ones (their keyframe ready 58–109 ms after
     * admission against 17–46 ms, docs/BENCHMARKS.md "The first picture sooner") while the JIT caught
     * up, so a few more compile the handshake and the media path before anyone watches.
     */
    static final int WARM_UP_SESSIONS = 12;

    /**
     * Whole in-memory connections ({@link #WARM_UP_SESSIONS}) on a thread of their own, while the
     * camera registers: the first viewers' handshakes and media then run on loaded, linked and
     * compiled code, as every later viewer's do (issue 16 §2).
     */
    private static void warmUpSessions(SecureRandom random) {
        Thread.ofPlatform().name("session warm-up").daemon().start(() -> {
            try {
                for (int session = 0; session < WARM_UP_SESSIONS; session++) {
                    if (!SessionWarmUp.run(random, InstantSource.system())) {
                        log.warn(
                                "the in-memory warm-up connection did not carry media; the first viewer may wait longer");
                        return;
                    }
                }
            } catch (RuntimeException e) { // our bug, but no reason to stop a camera that streams without it
                log.warn("the in-memory warm-up connection failed; the first viewer may wait longer", e);
            }
        });
    }

    private void diedOf(String loop, Throwable cause) {
        if (cause != null && died.completeExceptionally(cause)) {
            log.error("the camera's {} loop stopped: {}", loop, cause.toString());
        }
    }

    /**
     * Completes exceptionally, with the cause, when the network loop or the encoder loop stopped by
     * itself (a socket failure, a webcam unplugged): the camera no longer streams and its owner
     * should close it and start again (`run` exits non-zero for the service manager). Never
     * completes normally; closing the camera leaves it pending.
     */
    public CompletableFuture<Void> died() {
        return died;
    }

    /** Starts streaming video alone; {@code observer} hears every camera event on the network thread. */
    public static LiveCamera start(
            Settings settings, VideoFormat format, EncoderLoop encoder, Consumer<CameraEvent> observer)
            throws IOException {
        return new LiveCamera(settings, format, encoder, null, null, observer, null);
    }

    /**
     * As {@link #start(Settings, VideoFormat, EncoderLoop, Consumer)}, the paired viewers written
     * through {@code pairingSink} instead of the state directory's file (which is still read at the
     * start): tests of a slow or failing disk.
     */
    static LiveCamera start(
            Settings settings,
            VideoFormat format,
            EncoderLoop encoder,
            Consumer<CameraEvent> observer,
            PairingStore.Journal pairingSink)
            throws IOException {
        return new LiveCamera(settings, format, encoder, null, null, observer, pairingSink);
    }

    /**
     * Starts streaming video and the sound of {@code audio} (owned and started from now on; Opus,
     * docs/PROTOCOL.md §10.7); {@code observer} hears every camera event on the network thread.
     */
    public static LiveCamera start(
            Settings settings, VideoFormat format, EncoderLoop encoder, AudioLoop audio, Consumer<CameraEvent> observer)
            throws IOException {
        return new LiveCamera(settings, format, encoder, audio, null, observer, null);
    }

    /**
     * Starts streaming video and the sound of {@code audio} (either may be shared, see above; audio
     * may be null), and plays what viewers say on {@code speaker} (owned from now on; null: talkback
     * is heard by no one, docs/PROTOCOL.md §10.7); {@code observer} hears every camera event on the
     * network thread.
     */
    public static LiveCamera start(
            Settings settings,
            VideoFormat format,
            EncoderLoop encoder,
            AudioLoop audio,
            Speaker speaker,
            Consumer<CameraEvent> observer)
            throws IOException {
        return new LiveCamera(settings, format, encoder, audio, speaker, observer, null);
    }

    /** The cloud nodes the camera is registered with now (one or two, docs/PROTOCOL.md §4.9); any thread. */
    public List<InetSocketAddress> registeredNodes() {
        return registeredNodes;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Everything the endpoint reports, in order (network thread). */
    private void drainEvents(CameraEndpoint camera) {
        CameraEvent event;
        while ((event = camera.pollEvent()) != null) {
            onEvent(event);
            observer.accept(event);
        }
    }

    private void onEvent(CameraEvent event) {
        switch (event) {
            case CameraEvent.Registered registered -> {
                log.info(
                        "registered with the cloud {} (seen as {})",
                        registered.cloud(),
                        registered.reflexive().address());
                logHomes();
            }
            case CameraEvent.RegistrationLost lost -> {
                Level level = lost.pathChanged() ? Level.INFO : Level.WARN; // a move to TCP or back is no fault
                log.atLevel(level)
                        .log("lost the registration with {}: {}; re-registering", lost.cloud(), lost.reason());
                logHomes();
            }
            case CameraEvent.ViewerAdmitted admitted -> {
                log.info(
                        "viewer '{}' from {} admitted{} (session {})",
                        admitted.viewerName(),
                        admitted.viewer().getHostAddress(),
                        admitted.paired() ? ", paired" : "",
                        Integer.toUnsignedString(admitted.sessionId()));
                // Its first keyframe comes as the endpoint's KeyframeRequested, next: within the
                // viewer installation's budget of them (decision 0064), so a viewer reconnecting in a
                // loop does not key the stream everyone watches at each admission.
            }
            case CameraEvent.PairingsChanged changed -> {
                if (pairingKeeper != null) {
                    pairingKeeper.write(changed.snapshot());
                }
            }
            case CameraEvent.HandshakeRefused refused -> refusals.note(refused, UdpEndpointRunner.now());
            case CameraEvent.ViewerRefused refused ->
                log.warn(
                        "viewer from {} refused: {}",
                        refused.viewer().getHostAddress(),
                        refused.verdict().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            case CameraEvent.HandshakeFailed failed ->
                log.warn(
                        "unreadable connect request from {}: {}",
                        failed.viewer().getHostAddress(),
                        failed.reason());
            case CameraEvent.ViewerLive live -> {
                log.info(
                        "session {} live via {}",
                        Integer.toUnsignedString(live.sessionId()),
                        live.path().label());
            }
            case CameraEvent.KeyframeRequested request -> encoder.requestKeyframe(request.stream());
            case CameraEvent.StreamDemand demand -> streams.onDemand(demand, UdpEndpointRunner.now());
            case CameraEvent.LinkReport report ->
                rates.forEach(rate -> rate.onReport(report.sessionId(), report.stream(), report.quality()));
            case CameraEvent.Talk talk -> {
                if (speaker != null) {
                    speaker.offer(talk.sessionId(), talk.packet());
                }
            }
            case CameraEvent.ViewerLeft left -> {
                rates.forEach(rate -> rate.forget(left.sessionId()));
                log.info(
                        "session {} ended ({})",
                        Integer.toUnsignedString(left.sessionId()),
                        left.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
    }

    /** With several cloud nodes: which ones the camera is registered with now (network thread). */
    private void logHomes() {
        if (settings.clouds().size() > 1) {
            List<InetSocketAddress> registered = registeredNodes;
            log.info("registered with {} of the cloud's nodes: {}", registered.size(), registered);
        }
    }

    /** Rate control's decision for {@code stream} (network thread): its encoder and its viewers' pacers follow it. */
    private void applyBitrate(VideoStream stream, long bitsPerSecond) {
        encoder.setBitrate(stream, (int) bitsPerSecond);
        network.execute(camera -> camera.setMediaBitrate(stream, bitsPerSecond, UdpEndpointRunner.now()));
    }

    /** Says goodbye to viewers, stops the encoder and closes the socket. */
    @Override
    public void close() {
        if (revocationPoll != null) {
            revocationPoll.close();
        }
        encoder.close();
        if (audio != null) {
            audio.close();
        }
        network.close(camera -> camera.close(UdpEndpointRunner.now()));
        if (pairingKeeper != null) {
            pairingKeeper.close(); // after the network thread: its last change is handed over by now
        }
        streams.cancelAll(); // the network thread has ended: ours now
        if (speaker != null) {
            speaker.close();
        }
        if (lock != null) {
            lock.close();
        }
    }
}
