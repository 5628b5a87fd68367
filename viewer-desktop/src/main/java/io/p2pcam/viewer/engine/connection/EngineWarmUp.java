package io.p2pcam.viewer.engine.connection;

import io.p2pcam.media.codec.ConcentusCompilerDirective;
import io.p2pcam.media.codec.FfmpegLog;
import io.p2pcam.media.codec.OpusWarmUp;
import io.p2pcam.protocol.endpoint.SessionWarmUp;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionException;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.protocol.session.ViewerHandshake;
import io.p2pcam.viewer.engine.decode.DecoderWarmUp;
import io.p2pcam.viewer.engine.decode.FramePipeline;
import io.p2pcam.viewer.engine.decode.HwDecoding;
import io.p2pcam.viewer.engine.frame.LatestFrameMailbox;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Loads what every connection needs once per process — FFmpeg's native libraries (one real
 * keyframe decoded and converted, {@link DecoderWarmUp}), the JDK's X25519/ChaCha20-Poly1305/Ed25519
 * providers, a seeded SecureRandom, the Opus codec compiled by the JIT ({@link OpusWarmUp}; by C1
 * only, {@link ConcentusCompilerDirective}; the decoder through to its tier 1 code, {@link
 * OpusWarmUp#runForViewer}) — so that the first connection's timings measure the
 * network and the camera, not class loading. The desktop app calls it at start-up, `probe` before
 * it starts its clock.
 */
public final class EngineWarmUp {
    private static final Logger log = LoggerFactory.getLogger(EngineWarmUp.class);

    private EngineWarmUp() {}

    public static void run() {
        FfmpegLog.routeToSlf4j(Level.DEBUG); // before FFmpeg's first message
        SecureRandom random = new SecureRandom();
        CameraIdentity camera = CameraIdentity.generate(random);
        ViewerHandshake viewer = new ViewerHandshake(
                camera.id(),
                camera.publicKey(),
                KeyPair.generate(random),
                new SessionHello.ViewerHello(1, false, List.of(), Password.of("warm-up"), "warm-up"),
                Tai64n.epochNanos(InstantSource.system().instant()),
                random);
        try {
            PairingStore pairings =
                    new PairingStore(camera.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE);
            CameraHandshake.Answer answer = new CameraHandshake(
                            camera,
                            new CameraHandshake.Access(
                                    Password.of("warm-up"),
                                    pairings,
                                    UnpairedBudget.Limits.DEFAULTS,
                                    InstantSource.system()),
                            random,
                            0)
                    .answer(
                            viewer.firstMessage(),
                            InetAddress.getLoopbackAddress(),
                            0,
                            hello -> new SessionHello.CameraWelcome(
                                    SessionHello.Verdict.ADMITTED, false, 1, 16, 16, 1, 0, List.of()));
            viewer.finish(answer.secondMessage());
            byte[] signed = camera.sign(new byte[1], 0, 1);
            camera.publicKey().verify(new byte[1], 0, 1, signed);
        } catch (SessionException e) {
            throw new IllegalStateException("the built-in handshake failed against itself", e);
        }
        HwDecoding.current().device(); // opens the hardware decoder's device (--hwaccel), off the first picture's path
        // Loads libavcodec and libswscale and runs one real picture through a pipeline of its own.
        try (FramePipeline pipeline = FramePipeline.create(new LatestFrameMailbox(), cause -> {})) {
            if (!pipeline.warmUp(DecoderWarmUp.keyframe())) {
                log.warn("the warm-up keyframe did not decode; the first picture may come slower");
            }
        }
        keepC2OffTheOpusCodec();
        // The sound's codec is Java (Concentus): compiled before the first frame played or said, the
        // decoder as tier 1 code (the player's per-frame methods), not in the first session's minutes.
        OpusWarmUp.runForViewer();
        if (!SessionWarmUp.run(random, InstantSource.system())) {
            log.warn("the in-memory warm-up connection did not carry media; the first connection may start slower");
        }
    }

    /** Before the codec's first frame, so that no C2 code of it exists (decision 0036). */
    private static void keepC2OffTheOpusCodec() {
        ConcentusCompilerDirective.Outcome directive = ConcentusCompilerDirective.install();
        if (directive.added()) {
            log.debug("the Opus codec runs as C1 code: {}", directive.answer());
        } else {
            log.warn(
                    "could not keep C2 off the Opus codec (sound costs more CPU in a session's first minutes): {}",
                    directive.answer());
        }
    }
}
