package io.p2pcam.viewer.config;

import io.p2pcam.runtime.HostPort;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.ui.Forms;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * Where the viewer finds cameras: one or more cloud servers (tried in order), or the cloud hosted
 * on this PC, with the address to give cameras when it runs; and whether video is decoded on the
 * GPU (FFmpeg hwaccel: automatic, off, or one of the device types this machine's FFmpeg lists).
 */
public final class SettingsDialog extends Dialog<SettingsChoice> {
    public static final ButtonType SAVE = new ButtonType("Save", ButtonBar.ButtonData.OK_DONE);

    /**
     * @param hwaccel the decoding choice in use
     * @param deviceTypes the hardware device types FFmpeg lists here (may fill in while the dialog is open)
     */
    public SettingsDialog(
            Window owner,
            CloudChoice current,
            HwAccel hwaccel,
            ObservableList<String> deviceTypes,
            Optional<List<String>> hostedAddresses) {
        initOwner(owner);
        setTitle("Settings");
        setHeaderText("Where the viewer looks up cameras, and how it decodes video");
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

        ComboBox<HwAccel> decoding = new ComboBox<>();
        decoding.setId("hwaccel");
        decoding.setConverter(new StringConverter<>() {
            @Override
            public String toString(HwAccel choice) {
                return choice == null ? "" : label(choice);
            }

            @Override
            public HwAccel fromString(String text) {
                return HwAccel.parse(text);
            }
        });
        Runnable listChoices = () -> {
            HwAccel selected = decoding.getValue() == null ? hwaccel : decoding.getValue();
            decoding.getItems().setAll(hwaccelChoices(deviceTypes, selected));
            decoding.setValue(selected);
        };
        listChoices.run();
        ListChangeListener<String> typesListed = change -> listChoices.run();
        deviceTypes.addListener(typesListed);
        setOnHidden(event -> deviceTypes.removeListener(typesListed)); // the list outlives the dialog
        Label decodingNote = new Label("Cameras use it as they connect; the figures on a tile (Ctrl+I) say which "
                + "decoder it has. A GPU that cannot decode falls back to software.");
        decodingNote.getStyleClass().add("text-muted");
        decodingNote.setWrapText(true);

        GridPane form = Forms.grid();
        form.addRow(0, new Label("Cloud servers"), servers);
        form.add(serversMessage, 1, 1);
        form.add(host, 0, 2, 2, 1);
        form.addRow(3, new Label("UDP port"), port);
        form.add(hosted, 0, 4, 2, 1);
        form.addRow(5, new Label("Hardware decoding"), decoding);
        form.add(decodingNote, 0, 6, 2, 1);
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
        setResultConverter(button -> button == SAVE
                ? new SettingsChoice(
                        new CloudChoice(split(servers.getText()), host.isSelected(), port.getValue()),
                        decoding.getValue())
                : null);
    }

    /** Automatic, off, then the device types FFmpeg lists here, and the current choice if it is none of them. */
    static List<HwAccel> hwaccelChoices(List<String> deviceTypes, HwAccel current) {
        Set<HwAccel> choices = new LinkedHashSet<>(List.of(HwAccel.AUTO, HwAccel.OFF));
        for (String type : deviceTypes) {
            try {
                choices.add(HwAccel.parse(type));
            } catch (IllegalArgumentException e) {
                // not a name --hwaccel could take: not offered
            }
        }
        choices.add(current);
        return List.copyOf(choices);
    }

    /** How a choice reads in the list. */
    static String label(HwAccel choice) {
        if (choice.equals(HwAccel.AUTO)) {
            return "Automatic (the GPU where there is one)";
        }
        if (choice.off()) {
            return "Off (decode in software)";
        }
        return choice.name();
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
