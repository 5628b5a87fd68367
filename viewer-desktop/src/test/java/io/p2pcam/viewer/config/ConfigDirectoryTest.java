package io.p2pcam.viewer.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDirectoryTest {
    private final Path home = Path.of("/home/ana");

    @Test
    void linuxFollowsXdgAndIgnoresARelativeValue() {
        assertThat(ConfigDirectory.resolve("Linux", home, Map.of())).isEqualTo(Path.of("/home/ana/.config/p2pcam"));
        assertThat(ConfigDirectory.resolve("Linux", home, Map.of("XDG_CONFIG_HOME", "/xdg")))
                .isEqualTo(Path.of("/xdg/p2pcam"));
        assertThat(ConfigDirectory.resolve("Linux", home, Map.of("XDG_CONFIG_HOME", "rel")))
                .isEqualTo(Path.of("/home/ana/.config/p2pcam"));
    }

    @Test
    void windowsUsesAppDataAndMacApplicationSupport() {
        assertThat(ConfigDirectory.resolve("Windows 11", home, Map.of("APPDATA", "/roaming")))
                .isEqualTo(Path.of("/roaming/p2pcam"));
        assertThat(ConfigDirectory.resolve("Mac OS X", home, Map.of()))
                .isEqualTo(Path.of("/home/ana/Library/Application Support/p2pcam"));
    }

    @Test
    void anExplicitDirectoryWinsEverywhere() {
        assertThat(ConfigDirectory.resolve("Linux", home, Map.of("P2PCAM_CONFIG_DIR", "/demo")))
                .isEqualTo(Path.of("/demo"));
    }
}
