package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;
import static org.testfx.util.WaitForAsyncUtils.waitForFxEvents;

import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.app.LaunchOptions;
import io.p2pcam.viewer.app.ViewerApp;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.ConfigStore;
import io.p2pcam.viewer.config.ViewerConfig;
import io.p2pcam.viewer.engine.record.CaptureDirectories;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.event.EventHandler;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The desktop app (headless, Monocle) and a camera with a 1280x720 main stream and a 640x360
 * sub-stream (docs/PROTOCOL.md §10.9): the grid tile shows the sub-stream; double-click into the
 * single view switches to the main stream with the sub-stream's picture on screen until the main
 * stream's first picture (never an empty or blank frame), and back in the grid the camera stops
 * encoding the main stream again.
 */
@Tag("realtime")
class SubStreamSwitchTest extends FxRobot {
    private static final VideoFormat MAIN = new VideoFormat(1280, 720, 30);
    private static final VideoFormat SUB = new VideoFormat(640, 360, 30);
    private static CameraRig rig;

    @TempDir
    Path home;

    private Application app;

    /** What the tile showed at one UI pulse. */
    private record Shown(long nanos, int width, boolean blank) {}

    @BeforeAll
    static void startCloudAndCamera() throws Exception {
        rig = CameraRig.start(4, MAIN, SUB, "right", 4); // four tiles: a 2x2 grid of small tiles
    }

    @AfterAll
    static void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @AfterEach
    void closeApp() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    private Node tile() {
        return lookup("#tile-" + rig.identity(0).id()).query();
    }

    private ImageView picture() {
        return from(tile()).lookup(".image-view").queryAs(ImageView.class);
    }

    /** No picture, or a picture without the synthetic pattern's colour bars (all one colour: black). */
    private static boolean blank(Image image) {
        if (image == null) {
            return true;
        }
        long distinct = Stream.of(0.1, 0.3, 0.5, 0.7, 0.9)
                .map(x ->
                        image.getPixelReader().getArgb((int) (image.getWidth() * x), (int) (image.getHeight() * 0.45)))
                .distinct()
                .count();
        return distinct < 3;
    }

    @Test
    void doubleClickSwitchesToTheMainStreamWithoutABlankFrameAndTheGridGoesBackToTheSubStream() throws Exception {
        List<CameraEntry> entries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            entries.add(new CameraEntry(rig.ids().get(i), "Camera " + (i + 1), Password.of("right")));
        }
        new ConfigStore(home.resolve("config"))
                .save(ViewerConfig.empty().withCameras(entries).withGridSize(4));
        CaptureDirectories captures = new CaptureDirectories(home.resolve("Videos"), home.resolve("Pictures"));
        ViewerApp.prepare(new LaunchOptions(
                home.resolve("config"), List.of(rig.cloudAddress()), Optional.empty(), captures, Optional.empty()));
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ViewerApp::new);
        waitForFxEvents();
        waitFor(
                20,
                TimeUnit.SECONDS,
                () -> from(tile())
                        .lookup("#status")
                        .queryAs(Label.class)
                        .getText()
                        .startsWith("Live via"));
        assertThat(tile().getLayoutBounds().getWidth())
                .as("a tile of the 2x2 grid is small enough for the sub-stream")
                .isLessThanOrEqualTo(800);
        for (int camera = 1; camera <= 4; camera++) { // every small tile asks for its camera's sub-stream
            Eventually.next(
                    camera + " of 4 cameras' sub-streams watched",
                    Duration.ofSeconds(15),
                    rig.events(),
                    event -> event instanceof CameraEvent.StreamDemand(VideoStream stream, boolean watched)
                            && stream == VideoStream.SUB
                            && watched);
        }
        rig.events().clear(); // from here on only the camera switched below has anything to say
        waitFor(10, TimeUnit.SECONDS, () -> !blank(picture().getImage()));

        ConcurrentLinkedQueue<Shown> shown = new ConcurrentLinkedQueue<>();
        AnimationTimer sampler = new AnimationTimer() {
            @Override
            public void handle(long now) {
                Image image = picture().getImage();
                shown.add(new Shown(System.nanoTime(), image == null ? 0 : (int) image.getWidth(), blank(image)));
            }
        };
        AtomicLong doubleClicked = new AtomicLong(); // when the app got the double-click, not when the robot began
        EventHandler<MouseEvent> clicks = event -> {
            if (event.getClickCount() == 2) {
                doubleClicked.compareAndSet(0, System.nanoTime());
            }
        };
        tile().addEventFilter(MouseEvent.MOUSE_CLICKED, clicks);
        Platform.runLater(sampler::start);
        long clicked;
        try {
            waitForFxEvents();
            clicked = System.nanoTime();
            doubleClickOn(tile());
            Eventually.next(
                    "the main stream watched in the single view",
                    Duration.ofSeconds(10),
                    rig.events(),
                    event -> event instanceof CameraEvent.StreamDemand(VideoStream stream, boolean watched)
                            && stream == VideoStream.MAIN
                            && watched);
            waitFor(10, TimeUnit.SECONDS, () -> shown.stream().anyMatch(s -> s.width() > SUB.width()));
        } finally {
            // Also when a wait above failed: left running, the sampler throws on every pulse once the
            // window is gone, and TestFX throws that from the next TestFX call of a later test class.
            Platform.runLater(sampler::stop);
            waitForFxEvents();
        }

        List<Shown> during = shown.stream().filter(s -> s.nanos() >= clicked).toList();
        Shown firstMain =
                during.stream().filter(s -> s.width() > SUB.width()).findFirst().orElseThrow();
        long switchMillis = (firstMain.nanos() - doubleClicked.get()) / 1_000_000;
        System.out.printf(
                "sub -> main switch: first main-stream picture on screen %d ms after the double-click"
                        + " (%d ms after the robot began moving to the tile)%n",
                switchMillis, (firstMain.nanos() - clicked) / 1_000_000);
        tile().removeEventFilter(MouseEvent.MOUSE_CLICKED, clicks);
        assertThat(doubleClicked.get()).as("the app saw the double-click").isPositive();
        assertThat(during.stream().takeWhile(s -> s != firstMain))
                .as("until the main stream's first picture the tile keeps showing the sub-stream's")
                .isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s.blank()).isFalse();
                    assertThat(s.width()).isPositive().isLessThanOrEqualTo(SUB.width());
                });
        assertThat(during).noneMatch(Shown::blank);
        assertThat(picture().getImage().getWidth())
                .as("the single view shows the main stream, larger than the sub-stream could")
                .isGreaterThan(SUB.width());

        doubleClickOn(tile());
        Eventually.next(
                "the main stream unwatched once the grid is back",
                Duration.ofSeconds(10),
                rig.events(),
                event -> event instanceof CameraEvent.StreamDemand(VideoStream stream, boolean watched)
                        && stream == VideoStream.MAIN
                        && !watched);
        assertThat(blank(picture().getImage())).isFalse();
    }
}
