package io.p2pcam.viewer.cameras;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.runtime.LanBrowser;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.LanDirectory;
import io.p2pcam.viewer.ui.Forms;
import java.util.Collection;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogEvent;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/**
 * Add or edit a camera: ID (checked on every keystroke, with the reason in words), name and
 * password. The save button stays disabled until the ID is valid and not already in the list.
 * When editing, the ID is fixed: a different ID is a different camera.
 */
public final class CameraDialog extends Dialog<CameraEntry> {
    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    private final TextField idField = new TextField();
    private final TextField nameField = new TextField();
    private final PasswordField passwordField = new PasswordField();
    private final Label idMessage = new Label();
    private final Label passwordMessage = new Label();

    /**
     * @param existing the camera being edited, or empty to add one
     * @param known IDs already in the list (adding one of them again is refused)
     */
    public CameraDialog(Window owner, Optional<CameraEntry> existing, Collection<CameraId> known) {
        this(owner, existing, known, null);
    }

    /**
     * As above, and when adding, a list of the cameras announced on this network (picking one fills
     * in its ID and name). Announcements are unauthenticated: the ID is checked against the
     * camera's key when connecting, before the password is sent (docs/PROTOCOL.md §10.8).
     *
     * @param lan the cameras found on the LAN, or null for no list
     */
    public CameraDialog(Window owner, Optional<CameraEntry> existing, Collection<CameraId> known, LanDirectory lan) {
        initOwner(owner);
        setTitle(existing.isPresent() ? "Edit camera" : "Add camera");
        setHeaderText(
                existing.isPresent()
                        ? "Change the name or password of " + existing.get().name()
                        : "Type or paste the ID printed on the camera or shown by its app,"
                                + " or pick a camera found on this network.");
        idField.setId("camera-id");
        idField.setPromptText("7K3QF-9XH2M-TB4RW-ZC8NJ-Q5E0D");
        idField.setPrefColumnCount(28);
        nameField.setId("camera-name");
        nameField.setPromptText("Front door");
        passwordField.setId("camera-password");
        passwordField.setPromptText("The camera's viewer password");
        idMessage.setId("camera-id-message");
        idMessage.getStyleClass().add("field-message");
        passwordMessage.setId("camera-password-message");
        passwordMessage.getStyleClass().addAll("field-message", "danger");

        GridPane form = Forms.grid();
        form.addRow(0, new Label("Camera ID"), idField);
        form.add(idMessage, 1, 1);
        form.addRow(2, new Label("Name"), nameField);
        form.addRow(3, new Label("Password"), passwordField);
        form.add(passwordMessage, 1, 4);
        if (existing.isEmpty() && lan != null) {
            form.addRow(5, new Label("On this network"), foundList(lan, known));
            // Anyone on the network can announce cameras, as many as they like, and push a real
            // one out of this list; the ID typed above is looked for before all of them.
            Label notListed = new Label("Not listed? Type its ID above: it is looked for first.");
            notListed.getStyleClass().add("field-message");
            form.add(notListed, 1, 6);
        }
        getDialogPane().setContent(form);
        getDialogPane().getButtonTypes().addAll(SAVE, ButtonType.CANCEL);
        Node save = getDialogPane().lookupButton(SAVE);
        save.setId("camera-save");

        existing.ifPresent(camera -> {
            idField.setText(camera.id().toString());
            idField.setEditable(false);
            nameField.setText(camera.name());
            passwordField.setText(camera.password().reveal());
        });
        Runnable validate = () -> {
            CameraIdCheck.Result result = CameraIdCheck.check(idField.getText());
            boolean duplicate =
                    existing.isEmpty() && result.id().map(known::contains).orElse(false);
            String message = duplicate ? "This camera is already in your list" : result.message();
            idMessage.setText(message);
            idMessage.getStyleClass().removeAll("danger", "success");
            if (!result.incomplete() || result.valid()) {
                idMessage.getStyleClass().add(result.valid() && !duplicate ? "success" : "danger");
            }
            boolean passwordTooLong = !SessionHello.carries(Password.of(passwordField.getText()));
            passwordMessage.setText(passwordTooLong ? "Longer than any camera accepts (at most 128 bytes)" : "");
            save.setDisable(!result.valid() || duplicate || passwordTooLong);
        };
        idField.textProperty().addListener(observable -> validate.run());
        passwordField.textProperty().addListener(observable -> validate.run());
        validate.run();
        if (existing.isEmpty() && lan != null) {
            // The camera being added is looked for as those in the list are: found during a flood too.
            idField.textProperty()
                    .addListener(observable -> lan.adding(
                            CameraIdCheck.check(idField.getText()).id().orElse(null)));
            addEventHandler(DialogEvent.DIALOG_HIDDEN, event -> lan.adding(null));
        }

        setResultConverter(button -> {
            if (button != SAVE) {
                return null;
            }
            return CameraIdCheck.check(idField.getText())
                    .id()
                    .map(id -> new CameraEntry(id, nameField.getText(), Password.of(passwordField.getText())))
                    .orElse(null);
        });
        Platform.runLater(() -> (existing.isPresent() ? nameField : idField).requestFocus());
    }

    /** The cameras found on the LAN that are not in the list yet; picking one fills in ID and name. */
    private Node foundList(LanDirectory lan, Collection<CameraId> known) {
        FoundCamerasModel found = new FoundCamerasModel(known, Platform::runLater);
        ListView<LanBrowser.Found> list = new ListView<>(found.cameras());
        list.setId("camera-found");
        list.setPrefHeight(120);
        list.setPlaceholder(new Label("No camera announced on this network (yet)"));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(LanBrowser.Found camera, boolean empty) {
                super.updateItem(camera, empty);
                setText(
                        empty || camera == null
                                ? null
                                : camera.announcement().instanceName() + "  ·  " + camera.id() + "  ·  "
                                        + camera.address().getAddress().getHostAddress());
            }
        });
        Label ignored = new Label();
        ignored.setId("camera-found-ignored");
        // A flood of forged announcements shows here, not as a list of fakes (docs/PROTOCOL.md §10.8).
        ignored.textProperty().bind(found.ignoredMessageProperty());
        Runnable unsubscribe = found.listenTo(lan);
        setOnHidden(event -> unsubscribe.run());
        list.getSelectionModel().selectedItemProperty().addListener((observable, before, picked) -> {
            if (picked != null) {
                idField.setText(picked.id().toString());
                if (nameField.getText().isBlank()) {
                    nameField.setText(picked.announcement().name());
                }
                passwordField.requestFocus();
            }
        });
        return new VBox(4, list, ignored);
    }
}
