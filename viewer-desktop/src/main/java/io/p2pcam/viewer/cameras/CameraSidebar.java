package io.p2pcam.viewer.cameras;

import io.p2pcam.viewer.config.CameraEntry;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

/**
 * The list of the user's cameras beside the live view: name and ID, double-click to watch one
 * alone, a context menu to edit or remove.
 */
public final class CameraSidebar extends VBox {
    private final ListView<CameraEntry> list = new ListView<>();

    public CameraSidebar(
            CameraList cameras,
            Consumer<CameraEntry> onOpen,
            Consumer<CameraEntry> onEdit,
            Consumer<CameraEntry> onRemove) {
        getStyleClass().add("camera-sidebar");
        setId("camera-sidebar");
        Label title = new Label("Cameras");
        title.getStyleClass().add("title-4");
        title.setPadding(new Insets(10, 10, 4, 10));
        list.setId("camera-list");
        list.setItems(cameras.cameras());
        list.setPlaceholder(new Label("No cameras yet"));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(CameraEntry camera, boolean empty) {
                super.updateItem(camera, empty);
                if (empty || camera == null) {
                    setText(null);
                    setGraphic(null);
                    setContextMenu(null);
                    return;
                }
                Label name = new Label(camera.name());
                name.getStyleClass().add("camera-name");
                Label id = new Label(camera.id().toString());
                id.getStyleClass().addAll("camera-id", "text-muted", "text-small");
                setGraphic(new VBox(2, name, id));
                MenuItem edit = new MenuItem("Edit…");
                edit.setOnAction(event -> onEdit.accept(camera));
                MenuItem remove = new MenuItem("Remove");
                remove.setOnAction(event -> onRemove.accept(camera));
                setContextMenu(new ContextMenu(edit, remove));
                setOnMouseClicked(event -> {
                    if (event.getClickCount() == 2 && getItem() != null) {
                        onOpen.accept(getItem());
                    }
                });
            }
        });
        VBox.setVgrow(list, javafx.scene.layout.Priority.ALWAYS);
        Button edit = new Button("Edit", new FontIcon(MaterialDesignP.PENCIL));
        edit.setId("edit-camera");
        Button remove = new Button("Remove", new FontIcon(MaterialDesignD.DELETE));
        remove.setId("remove-camera");
        edit.disableProperty()
                .bind(list.getSelectionModel().selectedItemProperty().isNull());
        remove.disableProperty()
                .bind(list.getSelectionModel().selectedItemProperty().isNull());
        edit.setOnAction(event -> onEdit.accept(selected()));
        remove.setOnAction(event -> onRemove.accept(selected()));
        HBox buttons = new HBox(6, edit, remove);
        buttons.setPadding(new Insets(6, 8, 8, 8));
        getChildren().addAll(title, list, buttons);
        setPrefWidth(260);
        setMinWidth(200);
    }

    /** The camera selected in the list, or null. */
    public CameraEntry selected() {
        return list.getSelectionModel().getSelectedItem();
    }
}
