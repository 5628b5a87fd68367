package io.p2pcam.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.testfx.util.WaitForAsyncUtils.waitForFxEvents;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.ConfigStore;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.engine.decode.HwDecoding;
import java.net.BindException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/**
 * The desktop app driven like a user would, headless (Monocle): adding cameras with good and bad
 * IDs, the list surviving a restart, removing. Connections go to a cloud address nobody listens
 * on, so tiles never go live here (system-tests cover live tiles against a real camera).
 */
@Tag("realtime")
class ViewerAppTest extends FxRobot {
    @TempDir
    Path configDirectory;

    private javafx.application.Application app;
    private final CameraId cameraId =
            CameraIdentity.generate(new SecureRandom()).id();

    @BeforeEach
    void startApp() throws TimeoutException {
        launch();
    }

    @AfterEach
    void stopApp() throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    private void launch() throws TimeoutException {
        ViewerApp.prepare(new LaunchOptions(configDirectory, List.of("127.0.0.1:9"), Optional.empty()));
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(ViewerApp::new);
        waitForFxEvents();
    }

    private void restart() throws TimeoutException {
        stopApp();
        launch();
    }

    @Test
    void theToolbarGetsItsTooltipsOnceTheWindowIsShown() {
        assertThat(lookup("#add-camera").queryButton().getTooltip())
                .isNotNull()
                .extracting(tooltip -> tooltip.getText())
                .isEqualTo("Add a camera (Ctrl+N)");
        assertThat(lookup("#grid-4").queryAs(ToggleButton.class).getTooltip().getText())
                .isEqualTo("4 tiles (Ctrl+2)");
        assertThat(lookup("#talk").queryButton().getTooltip().getText()).startsWith("Hold to talk");
    }

    @Test
    void aFreshInstallInvitesTheUserToAddTheirFirstCamera() {
        assertThat(lookup("#empty-state").query().isVisible()).isTrue();
        assertThat(lookup("#empty-add-camera").queryButton().isVisible()).isTrue();
    }

    @Test
    void aCameraAddedWithAValidIdIsListedShownAsATileAndSurvivesARestart() throws Exception {
        clickOn("#add-camera");
        clickOn("#camera-id").write(cameraId.toString().replace("-", "").toLowerCase(Locale.ROOT));
        assertThat(label("#camera-id-message").getText()).startsWith("Valid camera ID");
        clickOn("#camera-name").write("Front door");
        clickOn("#camera-password").write("s3cret");
        clickOn("#camera-save");
        waitForFxEvents();

        assertThat(cameraList().getItems()).extracting(CameraEntry::name).containsExactly("Front door");
        assertThat(lookup("#tile-" + cameraId).tryQuery()).isPresent();
        assertThat(lookup("#empty-state").query().isVisible()).isFalse();

        Path file = configDirectory.resolve("viewer.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(new ConfigStore(configDirectory).load().cameras())
                .containsExactly(new CameraEntry(cameraId, "Front door", Password.of("s3cret")));

        restart();
        assertThat(cameraList().getItems())
                .containsExactly(new CameraEntry(cameraId, "Front door", Password.of("s3cret")));
        assertThat(lookup("#tile-" + cameraId).tryQuery()).isPresent();
    }

    @Test
    void aPasswordLongerThanAnyCameraAcceptsIsExplainedAndCannotBeSaved() {
        clickOn("#add-camera");
        interact(() -> lookup("#camera-id").queryAs(TextField.class).setText(cameraId.toString()));
        PasswordField password = lookup("#camera-password").queryAs(PasswordField.class);

        interact(() -> password.setText("p".repeat(129)));
        assertThat(label("#camera-password-message").getText()).contains("at most 128 bytes");
        assertThat(saveButton().isDisabled()).isTrue();

        interact(() -> password.setText("p".repeat(128)));
        assertThat(label("#camera-password-message").getText()).isEmpty();
        assertThat(saveButton().isDisabled()).isFalse();
        clickOn("Cancel");
    }

    @Test
    void anInvalidIdIsExplainedAsItIsTypedAndCannotBeSaved() {
        clickOn("#add-camera");
        clickOn("#camera-id").write("7K3QF-9XH2M");
        assertThat(label("#camera-id-message").getText()).isEqualTo("15 more characters needed (10 of 25)");
        assertThat(saveButton().isDisabled()).isTrue();

        TextField id = lookup("#camera-id").queryAs(TextField.class);
        interact(() -> id.setText(typo(cameraId.toString())));
        assertThat(label("#camera-id-message").getText()).contains("mistyped");
        assertThat(saveButton().isDisabled()).isTrue();

        interact(() -> id.setText("7K3QF-9XH2M-TB4RW-ZC8NJ-Q5EU!"));
        assertThat(label("#camera-id-message").getText()).contains("cannot be part of a camera ID");
        assertThat(saveButton().isDisabled()).isTrue();

        interact(() -> id.setText(cameraId.toString()));
        assertThat(saveButton().isDisabled()).isFalse();
        clickOn("Cancel");
        assertThat(cameraList().getItems()).isEmpty();
    }

    @Test
    void aRemovedCameraLeavesTheListTheGridAndTheFile() throws Exception {
        clickOn("#add-camera");
        clickOn("#camera-id").write(cameraId.toString());
        clickOn("#camera-name").write("Garage");
        clickOn("#camera-save");
        waitForFxEvents();
        assertThat(cameraList().getItems()).hasSize(1);

        clickOn(lookup(".list-cell").lookup("Garage").queryLabeled());
        clickOn("#remove-camera");
        clickOn("OK");
        waitForFxEvents();

        assertThat(cameraList().getItems()).isEmpty();
        assertThat(lookup("#tile-" + cameraId).tryQuery()).isEmpty();
        assertThat(new ConfigStore(configDirectory).load().cameras()).isEmpty();
        restart();
        assertThat(cameraList().getItems()).isEmpty();
    }

    @Test
    void aTileWhoseCloudDoesNotAnswerSaysSoAndOffersARetry() throws Exception {
        clickOn("#add-camera");
        clickOn("#camera-id").write(cameraId.toString());
        clickOn("#camera-save");
        Node tile = lookup("#tile-" + cameraId).query();
        assertThat(from(tile).lookup("#status").queryAs(Label.class).getText()).isIn("Looking up", "Unreachable");
    }

    @Test
    void hostingTheCloudOnThisPcRunsItAndShowsTheAddressForCameras() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0)) {
            port = probe.getLocalPort();
        }
        clickOn("#settings");
        clickOn("#host-cloud");
        javafx.scene.control.Spinner<?> spinner = lookup(".spinner").queryAs(javafx.scene.control.Spinner.class);
        interact(() -> spinner.getEditor().setText(Integer.toString(port)));
        interact(() -> spinner.commitValue());
        clickOn("Save");
        waitForFxEvents();
        org.testfx.util.WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> label("#status-bar").getText().contains("hosted on this PC"));
        assertThat(label("#status-bar").getText()).contains(":" + port);
        // The hosted cloud holds the port: cameras can register with it right now.
        assertThatThrownBy(() -> new DatagramSocket(port).close()).isInstanceOf(BindException.class);
        assertThat(new ConfigStore(configDirectory).load().cloud().hostOnThisPc())
                .isTrue();
    }

    @Test
    void hardwareDecodingChosenInTheSettingsIsSavedAndUsedByTheNextConnections() throws Exception {
        try {
            clickOn("#settings");
            javafx.scene.control.ComboBox<HwAccel> decoding = decodingChoice();
            assertThat(decoding.getItems()).startsWith(HwAccel.AUTO, HwAccel.OFF);
            assertThat(decoding.getValue()).isEqualTo(HwAccel.AUTO);
            interact(() -> decoding.getSelectionModel().select(1));
            clickOn("Save");
            waitForFxEvents();

            assertThat(new ConfigStore(configDirectory).load().hwaccel()).isEqualTo(HwAccel.OFF);
            assertThat(HwDecoding.current().choice()).isEqualTo(HwAccel.OFF);
            assertThat(label("#notice").getText()).isEqualTo("Hardware decoding: off, for cameras as they connect");
        } finally {
            HwDecoding.configure(HwAccel.AUTO); // process-wide: the next tests decode as by default
        }
    }

    private static String typo(String id) {
        char last = id.charAt(id.length() - 1);
        char replacement = last == '0' ? '1' : '0';
        return id.substring(0, id.length() - 1) + replacement;
    }

    private Label label(String query) {
        return lookup(query).queryAs(Label.class);
    }

    private Button saveButton() {
        return lookup("#camera-save").queryButton();
    }

    @SuppressWarnings("unchecked")
    private javafx.scene.control.ComboBox<HwAccel> decodingChoice() {
        return lookup("#hwaccel").queryAs(javafx.scene.control.ComboBox.class);
    }

    @SuppressWarnings("unchecked")
    private ListView<CameraEntry> cameraList() {
        return lookup("#camera-list").queryAs(ListView.class);
    }
}
