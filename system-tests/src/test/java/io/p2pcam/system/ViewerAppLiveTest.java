package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.testfx.util.WaitForAsyncUtils.waitFor;
import static org.testfx.util.WaitForAsyncUtils.waitForFxEvents;

import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.viewer.app.LaunchOptions;
import io.p2pcam.viewer.app.ViewerApp;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import io.p2pcam.viewer.engine.record.CaptureDirectories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The desktop app (headless, Monocle) against a real cloud and an emulated camera started here:
 * a tile goes live and shows pictures, a wrong password is shown as such, snapshot and recording
 * write their files.
 */
@Tag("realtime")
class ViewerAppLiveTest extends FxRobot {
    private static CameraRig rig;

    @TempDir
    Path home;

    private Application app;

    @BeforeAll
    static void startCloudAndCamera() throws Exception {
        rig = CameraRig.start(1, new VideoFormat(640, 360, 30), "right", 4);
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

    private void openViewerWith(String password) throws Exception {
        CameraEntry entry = new CameraEntry(rig.identity(0).id(), "Porch", Password.of(password));
        CaptureDirectories captures = new CaptureDirectories(home.resolve("Videos"), home.resolve("Pictures"));
        ViewerApp.prepare(new LaunchOptions(
                home.resolve("config"), List.of(rig.cloudAddress()), Optional.of(entry), captures, Optional.empty()));
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ViewerApp::new);
        waitForFxEvents();
    }

    private Node tile() {
        return lookup("#tile-" + rig.identity(0).id()).query();
    }

    private String status() {
        return from(tile()).lookup("#status").queryAs(Label.class).getText();
    }

    @Test
    void theTileGoesLiveAndShowsTheCamerasPictures() throws Exception {
        openViewerWith("right");
        waitFor(20, TimeUnit.SECONDS, () -> status().startsWith("Live via"));
        assertThat(status()).matches("Live via (LAN|P2P)( · paired)?");
        ImageView picture = from(tile()).lookup(".image-view").queryAs(ImageView.class);
        waitFor(10, TimeUnit.SECONDS, () -> picture.getImage() != null);
        Image image = picture.getImage();
        assertThat(image.getWidth()).isGreaterThan(0);
        // The synthetic pattern's colour bars: the picture is not a blank frame.
        long distinct = Stream.of(0.1, 0.3, 0.5, 0.7, 0.9)
                .map(x ->
                        image.getPixelReader().getArgb((int) (image.getWidth() * x), (int) (image.getHeight() * 0.45)))
                .distinct()
                .count();
        assertThat(distinct).isGreaterThanOrEqualTo(3);

        clickOn("#toggle-stats");
        waitFor(
                5,
                TimeUnit.SECONDS,
                () -> from(tile())
                        .lookup("#figures")
                        .queryAs(Label.class)
                        .getText()
                        .contains("fps shown"));
        assertThat(from(tile()).lookup("#figures").queryAs(Label.class).isVisible())
                .isTrue();
    }

    @Test
    void snapshotAndRecordingWriteAPictureAndAnMp4() throws Exception {
        openViewerWith("right");
        waitFor(20, TimeUnit.SECONDS, () -> status().startsWith("Live via"));
        clickOn(tile());
        clickOn("#snapshot");
        waitFor(
                10,
                TimeUnit.SECONDS,
                () -> files(home.resolve("Pictures")).stream()
                        .anyMatch(f -> f.toString().endsWith(".png")));

        clickOn("#record");
        Thread.sleep(2_000); // two seconds of video
        clickOn("#record");
        waitFor(
                15,
                TimeUnit.SECONDS,
                () -> files(home.resolve("Videos")).stream()
                        .anyMatch(f -> f.toString().endsWith(".mp4")));
        Path mp4 = files(home.resolve("Videos")).stream()
                .filter(f -> f.toString().endsWith(".mp4"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.size(mp4)).isGreaterThan(10_000);
        assertThat(lookup("#notice").queryAs(Label.class).getText()).startsWith("Recording of Porch saved");
    }

    @Test
    void aWrongPasswordIsShownAsSuchAndTriedAgainOnlyAfterTheLongWait() throws Exception {
        long forwardedBefore = rig.cloud().metrics().connects(ConnectOutcome.FORWARDED);
        openViewerWith("wrong");
        waitFor(20, TimeUnit.SECONDS, () -> status().equals("Wrong password"));
        assertThat(from(tile()).lookup("#retry").queryButton().isVisible()).isTrue();
        // The tile never gives up (decision 0064), but a rejected password waits longer than the
        // camera remembers wrong passwords: the countdown shows it, and the one attempt made is
        // the only one the cloud forwarded.
        String advice = from(tile()).lookup("#advice").queryAs(Label.class).getText();
        assertThat(advice).contains("rejected the password");
        Matcher retrying = Pattern.compile("Retrying in (\\d+) min").matcher(advice);
        assertThat(retrying.find()).as("a retry shown in minutes: %s", advice).isTrue();
        assertThat(Long.parseLong(retrying.group(1)))
                .as("minutes until the automatic retry")
                .isGreaterThanOrEqualTo(RetryPolicy.REFUSAL_WAIT.toMinutes() - 1);
        assertThat(rig.cloud().metrics().connects(ConnectOutcome.FORWARDED) - forwardedBefore)
                .as("connect attempts")
                .isEqualTo(1);
    }

    private static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
