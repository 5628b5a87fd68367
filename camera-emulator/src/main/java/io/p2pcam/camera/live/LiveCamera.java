package io.p2pcam.camera.live;

import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.camera.audio.Speaker;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.camera.pairing.PairingFile;
import io.p2pcam.camera.pairing.Revocations;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.runtime.LocalCandidates;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running camera: registered with the cloud, admitting viewers with the password and streaming
 * one encoder's output to each of them. Wires the {@link CameraEndpoint} (network thread) to the
 * {@link EncoderLoop} (encoder thread): new viewers and viewers' requests get keyframes.
 */
public final class LiveCamera implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveCamera.class);

    private final EncoderLoop encoder;
    private final AudioLoop audio;
    private final Speaker speaker;
    private final UdpEndpointRunner<CameraEndpoint> network;
    private final InetSocketAddress localAddress;
    private final RateControl rate;
    private final RefusalLog refusals = new RefusalLog(log);
    private final PairingFile pairing;
    private final Revocations revocations;
    private final FileLock lock;
    private final ScheduledExecutorService revocationPoll;
    private final CompletableFuture<Void> died = new CompletableFuture<>();

    /** What the camera needs to run; {@code encoder} is started here and owned from now on. */
    public record Settings(
            CameraIdentity identity,
            InetSocketAddress cloud,
            Password password,
            InetSocketAddress bind,
            int maxViewers,
            Path stateDir,
            UnpairedBudget.Limits unpaired) {
        /** {@code stateDir} keeps the paired viewers ({@link PairingFile}); null keeps them in memory only (tests). */
        public Settings {}

        /** With the default budget for viewers the camera has not paired with (PROTOCOL.md §10.1). */
        public Settings(
                CameraIdentity identity,
                InetSocketAddress cloud,
                Password password,
                InetSocketAddress bind,
                int maxViewers,
                Path stateDir) {
            this(identity, cloud, password, bind, maxViewers, stateDir, UnpairedBudget.Limits.DEFAULTS);
        }

        @Override
        public String toString() {
            return "Settings[camera=" + identity.id() + ", cloud=" + cloud + ", password=" + password + ", bind=" + bind
                    + ", maxViewers=" + maxViewers + ", stateDir=" + stateDir + "]";
        }
    }

    private LiveCamera(
            Settings settings,
            VideoFormat format,
            EncoderLoop encoder,
            AudioLoop audio,
            Speaker speaker,
            Consumer<CameraEvent> observer)
            throws IOException {
        this.encoder = encoder;
        this.audio = audio;
        this.speaker = speaker;
        this.rate = new RateControl(encoder.bitrate(), this::applyBitrate);
        SecureRandom secure = new SecureRandom();
        DatagramChannel channel = UdpEndpointRunner.open(settings.bind());
        this.localAddress = (InetSocketAddress) channel.getLocalAddress();
        this.pairing = settings.stateDir() == null ? null : new PairingFile(settings.stateDir());
        this.revocations = settings.stateDir() == null ? null : new Revocations(settings.stateDir());
        this.lock = revocations == null ? null : revocations.tryLockAsRunningCamera();
        if (revocations != null && lock == null) {
            channel.close();
            throw new IOException("another camera runs from " + settings.stateDir());
        }
        PairingStore pairings = new PairingStore(
                settings.identity().noiseStaticKey(),
                pairing == null ? PairingStore.Snapshot.empty() : pairing.load(),
                pairing == null ? PairingStore.Journal.NONE : pairing);
        CameraEndpoint endpoint = new CameraEndpoint(
                settings.identity(),
                settings.cloud(),
                new CameraHandshake.Access(settings.password(), pairings, settings.unpaired(), InstantSource.system()),
                LocalCandidates.of(localAddress),
                new CameraEndpoint.Stream(format.width(), format.height(), format.fps()),
                settings.maxViewers(),
                secure,
                secure, // transaction and session IDs, probe tokens: nothing an attacker may predict
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        this.network = UdpEndpointRunner.start(
                endpoint,
                channel,
                "camera network",
                camera -> {
                    CameraEvent event;
                    while ((event = camera.pollEvent()) != null) {
                        onEvent(settings, event);
                        observer.accept(event);
                    }
                },
                settings.cloud()); // the cloud over TCP on the same port when UDP to it is blocked
        network.execute(camera -> camera.setMediaBitrate(encoder.bitrate(), UdpEndpointRunner.now())); // pacing

        if (revocations != null) {
            revocationPoll = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("revocations").daemon().factory());
            revocationPoll.scheduleWithFixedDelay(this::applyRevocations, 0, 1, TimeUnit.SECONDS);
        } else {
            revocationPoll = null;
        }
        encoder.subscribe(new MediaSender(network, secure));
        encoder.ensureStarted(); // several cameras may share one loop (tests, benchmarks)
        if (audio != null) {
            audio.subscribe(new AudioSender(network, secure, Clock.systemUTC()));
            audio.ensureStarted();
            audio.terminated().whenComplete((ignored, cause) -> diedOf("audio", cause));
        }
        network.terminated().whenComplete((ignored, cause) -> diedOf("network", cause));
        encoder.terminated().whenComplete((ignored, cause) -> diedOf("encoder", cause));
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
        return new LiveCamera(settings, format, encoder, null, null, observer);
    }

    /**
     * Starts streaming video and the sound of {@code audio} (owned and started from now on; Opus,
     * docs/PROTOCOL.md §10.7); {@code observer} hears every camera event on the network thread.
     */
    public static LiveCamera start(
            Settings settings, VideoFormat format, EncoderLoop encoder, AudioLoop audio, Consumer<CameraEvent> observer)
            throws IOException {
        return new LiveCamera(settings, format, encoder, audio, null, observer);
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
        return new LiveCamera(settings, format, encoder, audio, speaker, observer);
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    private void onEvent(Settings settings, CameraEvent event) {
        switch (event) {
            case CameraEvent.Registered registered ->
                log.info(
                        "registered with the cloud {} (seen as {})",
                        settings.cloud(),
                        registered.reflexive().address());
            case CameraEvent.RegistrationLost lost ->
                log.warn("lost the cloud registration: {}; registering again", lost.reason());
            case CameraEvent.ViewerAdmitted admitted -> {
                log.info(
                        "viewer '{}' from {} admitted{} (session {})",
                        admitted.viewerName(),
                        admitted.viewer().getHostAddress(),
                        admitted.paired() ? ", paired" : "",
                        Integer.toUnsignedString(admitted.sessionId()));
                // A new viewer starts at a keyframe: encode it now, while the punch runs; the
                // endpoint holds it until the path is fixed (and asks again if it could not).
                encoder.requestKeyframe();
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
            case CameraEvent.KeyframeRequested request -> encoder.requestKeyframe();
            case CameraEvent.LinkReport report -> rate.onReport(report.sessionId(), report.quality());
            case CameraEvent.Talk talk -> {
                if (speaker != null) {
                    speaker.offer(talk.sessionId(), talk.rtp());
                }
            }
            case CameraEvent.ViewerLeft left -> {
                rate.forget(left.sessionId());
                log.info(
                        "session {} ended ({})",
                        Integer.toUnsignedString(left.sessionId()),
                        left.reason().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
    }

    /** Applies what `viewers revoke` asked for (poll thread): the key is forgotten and its sessions end. */
    private void applyRevocations() {
        try {
            for (Bytes key : revocations.pending()) {
                network.execute(camera -> {
                    try {
                        boolean was = camera.revoke(key, UdpEndpointRunner.now());
                        revocations.done(key);
                        log.info("viewer key {} {}", key, was ? "revoked; its sessions ended" : "was not paired");
                    } catch (PairingStoreException | IOException e) {
                        log.warn("revoking viewer key {}: {}", key, e.getMessage());
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            log.warn("reading revocation requests: {}", e.toString());
        }
    }

    /** Rate control's decision (network thread): the encoder and every viewer's pacer follow it. */
    private void applyBitrate(long bitsPerSecond) {
        encoder.setBitrate((int) bitsPerSecond);
        network.execute(camera -> camera.setMediaBitrate(bitsPerSecond, UdpEndpointRunner.now()));
    }

    /** Says goodbye to viewers, stops the encoder and closes the socket. */
    @Override
    public void close() {
        if (revocationPoll != null) {
            revocationPoll.shutdownNow();
        }
        encoder.close();
        if (audio != null) {
            audio.close();
        }
        network.close(camera -> camera.close(UdpEndpointRunner.now()));
        if (speaker != null) {
            speaker.close();
        }
        if (lock != null) {
            try {
                lock.channel().close();
            } catch (IOException e) {
                log.warn("releasing the state directory lock: {}", e.toString());
            }
        }
    }
}
