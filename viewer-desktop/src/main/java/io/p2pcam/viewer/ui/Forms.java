package io.p2pcam.viewer.ui;

import javafx.geometry.Insets;
import javafx.scene.layout.GridPane;

/** The look the viewer's dialogs share. */
public final class Forms {
    private Forms() {}

    /** A two-column label/field grid with the dialogs' spacing. */
    public static GridPane grid() {
        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.setPadding(new Insets(10, 10, 0, 10));
        return form;
    }
}
