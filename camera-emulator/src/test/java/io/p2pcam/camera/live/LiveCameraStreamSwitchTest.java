package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.p2pcam.camera.media.EncoderException;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A real camera with a sub-stream and a paired viewer that flips between the streams as fast as
 * it likes (docs/PROTOCOL.md §10.9): every flip still works, and the camera's log says that it
 * happens and how often without writing lines per flip (invariant 4: a viewer's requests cost
 * the viewer, not the admin's log).
 */
@Tag("realtime")
class LiveCameraStreamSwitchTest {
    private static final VideoFormat MAIN = new VideoFormat(320, 240, 15);
    private static final VideoFormat SUB = new VideoFormat(160, 120, 15);
    private static final String PASSWORD = "stream switch test";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int FLIPS = 40;
    private final SecureRandom random = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(random);
    private final List<AutoCloseable> running = new ArrayList<>();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
    }

    private void capture(Class<?> logger) {
        Logger logback = (Logger) LoggerFactory.getLogger(logger);
        logback.addAppender(logged);
        running.add(() -> logback.detachAppender(logged));
    }

    @Test
    void aViewerFlippingStreamsIsServedEachTimeAndCostsTheLogAFewLinesNotLinesPerFlip() throws Exception {
        logged.start();
        capture(LiveCamera.class);
        capture(EncoderLoop.class);
        BlockingQueue<CameraEvent.StreamDemand> demand = new LinkedBlockingQueue<>();
        LiveCamera camera = startCamera(event -> {
            if (event instanceof CameraEvent.StreamDemand changed) {
                demand.add(changed);
            }
        });
        BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
        UdpEndpointRunner<ViewerEndpoint> viewer = connect(camera, events);
        Eventually.next("the viewer live", WAIT, events, event -> event instanceof ViewerEvent.Live);

        for (int flip = 0; flip < FLIPS; flip++) {
            VideoStream wanted = flip % 2 == 0 ? VideoStream.SUB : VideoStream.MAIN;
            viewer.execute(endpoint -> endpoint.selectStream(wanted, UdpEndpointRunner.now()));
            Eventually.next(
                    "flip " + flip + ": " + wanted + " watched",
                    WAIT,
                    demand,
                    changed -> changed.stream() == wanted && changed.watched());
        }

        List<String> lines = logged.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(line -> line.contains("stream watched") || line.contains("stream unwatched"))
                .toList();
        assertThat(lines)
                .as("each stream's watched and unwatched lines at most once per interval: %s", lines)
                .hasSizeLessThanOrEqualTo(6);
    }

    private LiveCamera startCamera(Consumer<CameraEvent> observer) throws IOException, EncoderException {
        EncoderLoop encoder = LanCamera.encoder(MAIN, SUB);
        LiveCamera.Settings settings = LanCamera.settings(identity, PASSWORD, null);
        LiveCamera camera = LiveCamera.start(settings, MAIN, encoder, observer);
        running.add(camera);
        return camera;
    }

    /** A viewer connecting straight to {@code camera} (from the LAN: no cloud). */
    private UdpEndpointRunner<ViewerEndpoint> connect(LiveCamera camera, BlockingQueue<ViewerEvent> events)
            throws IOException {
        UdpEndpointRunner<ViewerEndpoint> runner = LanViewer.connect(
                camera,
                identity.id(),
                Password.of(PASSWORD),
                "stream switch test",
                KeyPair.generate(random),
                false,
                events);
        running.add(() -> runner.close(endpoint -> endpoint.close(UdpEndpointRunner.now())));
        return runner;
    }
}
