package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanDirectoryTest {
    private static CameraId someCamera() {
        return CameraIdentity.generate(new SecureRandom()).id();
    }

    @Test
    void theCameraBeingAddedIsLookedForWithThoseInTheListUntilTheDialogCloses() {
        CameraId listed = someCamera();
        CameraId beingAdded = someCamera();
        try (LanDirectory directory = LanDirectory.idle()) {
            directory.lookFor(List.of(listed));
            directory.adding(beingAdded);
            assertThat(directory.lookedFor()).containsExactlyInAnyOrder(listed, beingAdded);

            directory.lookFor(List.of(listed, someCamera())); // the list changed meanwhile
            assertThat(directory.lookedFor()).contains(beingAdded).hasSize(3);

            directory.adding(null); // the dialog closed
            assertThat(directory.lookedFor()).hasSize(2).doesNotContain(beingAdded);
        }
    }
}
