package io.p2pcam.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirectoryTest {
    @Test
    void linuxUsesXdgDataHomeOrTheUsualFolder() {
        assertThat(StateDirectory.defaultPath(Map.of(), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.local/share/p2pcam/camera"));
        assertThat(StateDirectory.defaultPath(Map.of("XDG_DATA_HOME", "/data"), "Linux", "/home/ann"))
                .isEqualTo(Path.of("/data/p2pcam/camera"));
    }

    @Test
    void macOsUsesApplicationSupport() {
        assertThat(StateDirectory.defaultPath(Map.of(), "Mac OS X", "/Users/ann"))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/p2pcam/camera"));
    }
}
