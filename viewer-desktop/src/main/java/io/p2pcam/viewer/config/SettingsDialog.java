package io.p2pcam.viewer.config;

import io.p2pcam.runtime.HostPort;
import io.p2pcam.viewer.ui.Forms;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;

/**
 * Where the viewer finds cameras: one or more cloud servers (tried in order), or the cloud hosted
 * on this PC, with the address to give cameras when it runs.
 */
public final class SettingsDialog extends Dialog<CloudChoice> {
    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    public SettingsDialog(Window owner, CloudChoice current, Optional<List<String>> hostedAddresses) {
        initOwner(owner);
        setTitle("Settings");
        setHeaderText("Where the viewer looks up cameras");
        TextField servers = new TextField(String.join(", ", current.servers()));
        servers.setId("cloud-servers");
        servers.setPromptText("cloud.example.org:32100, backup.example.org");
        servers.setPrefColumnCount(30);
        Label serversMessage = new Label();
        serversMessage.getStyleClass().addAll("field-message");
        CheckBox host = new CheckBox("Host the cloud on this PC (no outside server needed)");
        host.setId("host-cloud");
        host.setSelected(current.hostOnThisPc());
        Spinner<Integer> port = new Spinner<>(1, 65_535, current.hostedPort());
        port.setEditable(true);
        port.disableProperty().bind(host.selectedProperty().not());
        Label hosted = new Label(hostedAddresses
                .map(list -> "Cameras should use: " + String.join("  or  ", list))
                .orElse("When on, cameras register with this PC; its addresses show here."));
        hosted.setId("hosted-addresses");
        hosted.setWrapText(true);

        GridPane form = Forms.grid();
        form.addRow(0, new Label("Cloud servers"), servers);
        form.add(serversMessage, 1, 1);
        form.add(host, 0, 2, 2, 1);
        form.addRow(3, new Label("UDP port"), port);
        form.add(hosted, 0, 4, 2, 1);
        getDialogPane().setContent(form);
        getDialogPane().getButtonTypes().addAll(SAVE, ButtonType.CANCEL);
        Node save = getDialogPane().lookupButton(SAVE);

        Runnable validate = () -> {
            Optional<String> problem = problemWith(servers.getText(), host.isSelected());
            serversMessage.setText(problem.orElse(""));
            save.setDisable(problem.isPresent());
        };
        servers.textProperty().addListener(observable -> validate.run());
        host.selectedProperty().addListener(observable -> validate.run());
        validate.run();
        setResultConverter(button ->
                button == SAVE ? new CloudChoice(split(servers.getText()), host.isSelected(), port.getValue()) : null);
    }

    static List<String> split(String text) {
        return Arrays.stream(text.split("[,\\s]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Why the server list cannot be used, or empty when it can. */
    static Optional<String> problemWith(String text, boolean hosting) {
        List<String> entries = split(text);
        if (entries.isEmpty() && !hosting) {
            return Optional.of("Name at least one cloud server, or host the cloud on this PC");
        }
        for (String entry : entries) {
            try {
                HostPort.parseUnresolved(entry, CloudChoice.DEFAULT_PORT);
            } catch (IllegalArgumentException e) {
                return Optional.of(entry + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
