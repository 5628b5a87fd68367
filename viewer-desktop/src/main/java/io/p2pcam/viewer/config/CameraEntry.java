package io.p2pcam.viewer.config;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.pairing.Password;
import java.util.Objects;

/**
 * One camera in the user's list.
 *
 * @param id the camera's ID, which also proves which key the camera must hold
 * @param name what the user calls it ("Front door")
 * @param password the camera's viewer password, or {@link Password#NONE} once the camera has paired with this viewer
 */
public record CameraEntry(CameraId id, String name, Password password) {
    public CameraEntry {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id.toString() : name.strip();
        password = password == null ? Password.NONE : password;
    }

    public CameraEntry withName(String newName) {
        return new CameraEntry(id, newName, password);
    }

    /** Once the camera has paired with this viewer, the password is not needed (docs/PROTOCOL.md §10.1). */
    public CameraEntry withoutPassword() {
        return new CameraEntry(id, name, Password.NONE);
    }

    @Override
    public String toString() {
        return "CameraEntry[id=" + id + ", name=" + name + ", password=" + password + "]";
    }
}
