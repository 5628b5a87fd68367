package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.LoopStats;
import io.p2pcam.camera.media.NativeLogging;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A paired viewer reconnecting in a loop, within every limit a paired viewer has (none on its
 * handshakes, docs/PROTOCOL.md §10.1), must not set the IDR rate of the stream another viewer
 * watches: each admission used to force a keyframe (at the encoder's 250 ms spacing, four IDRs a
 * second for everyone). Counted with the real encoder's keyframe counter, on a real camera.
 */
@Tag("realtime")
class ReconnectKeyframesTest {
    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 15);
    private static final String PASSWORD = "reconnect keyframes test";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int RECONNECTS = 30;
    /** The endpoint's first keyframes per viewer key: 2 at once, then one per 10 s (FirstKeyframes). */
    private static final int FIRST_KEYFRAMES_AT_ONCE = 2;

    private static final int FIRST_KEYFRAME_REFILL_SECONDS = 10;

    private final SecureRandom random = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(random);
    private LiveCamera camera;
    private UdpEndpointRunner<ViewerEndpoint> watcher;

    @BeforeAll
    static void quietNativeLogging() {
        NativeLogging.quiet();
    }

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close(endpoint -> endpoint.close(UdpEndpointRunner.now()));
        }
        if (camera != null) {
            camera.close();
        }
    }

    @Test
    void aPairedViewerReconnectingInALoopDoesNotKeyTheStreamAnotherViewerWatchesAtEachAdmission() throws Exception {
        EncoderLoop encoder = LanCamera.encoder(FORMAT, null);
        camera = LiveCamera.start(LanCamera.settings(identity, PASSWORD, null), FORMAT, encoder, event -> {});
        BlockingQueue<ViewerEvent> watching = new LinkedBlockingQueue<>();
        watcher = LanViewer.connect(
                camera, identity.id(), Password.of(PASSWORD), "watcher", KeyPair.generate(random), true, watching);
        Eventually.next(
                "the watcher's first keyframe",
                WAIT,
                watching,
                event -> event instanceof ViewerEvent.Video(DepacketizerEvent.AccessUnit unit) && unit.keyframe());
        KeyPair looping = KeyPair.generate(random);
        LoopStats before = encoder.stats();

        for (int i = 0; i < RECONNECTS; i++) {
            String reconnect = "reconnect " + i;
            BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
            UdpEndpointRunner<ViewerEndpoint> viewer =
                    LanViewer.connect(camera, identity.id(), Password.of(PASSWORD), "looping", looping, true, events);
            try {
                Eventually.next(reconnect + " live", WAIT, events, event -> {
                    if (event instanceof ViewerEvent.Failed failed) {
                        throw new AssertionError(reconnect + " failed: " + failed);
                    }
                    return event instanceof ViewerEvent.Live;
                });
            } finally {
                viewer.close(endpoint -> endpoint.close(UdpEndpointRunner.now()));
            }
        }

        LoopStats after = encoder.stats();
        long encoded = after.encoded() - before.encoded();
        long keyframes = after.keyframes() - before.keyframes();
        long periodic = encoded / (2L * FORMAT.fps()) + 1; // EncoderSettings.of: one every two seconds
        long firstKeyframes = FIRST_KEYFRAMES_AT_ONCE + encoded / (FIRST_KEYFRAME_REFILL_SECONDS * FORMAT.fps()) + 1;
        assertThat(keyframes)
                .as("keyframes among %d pictures encoded during %d reconnects", encoded, RECONNECTS)
                .isLessThanOrEqualTo(periodic + firstKeyframes);
    }
}
