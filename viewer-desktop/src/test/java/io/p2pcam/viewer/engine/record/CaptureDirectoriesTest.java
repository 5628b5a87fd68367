package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureDirectoriesTest {

    @TempDir
    Path home;

    @Test
    void withoutUserDirsTheFoldersAreUnderVideosAndPictures() {
        CaptureDirectories directories = CaptureDirectories.resolve(home, Map.of());

        assertThat(directories.videos()).isEqualTo(home.resolve("Videos/p2pcam"));
        assertThat(directories.pictures()).isEqualTo(home.resolve("Pictures/p2pcam"));
    }

    @Test
    void userDirsFromTheConfigFileAreUsedWithHomeExpanded() throws Exception {
        writeUserDirs(home.resolve(".config"), """
                # This file is written by xdg-user-dirs-update
                XDG_DESKTOP_DIR="$HOME/Schreibtisch"
                XDG_VIDEOS_DIR="$HOME/Filme"
                XDG_PICTURES_DIR="/srv/photos"
                """);

        CaptureDirectories directories = CaptureDirectories.resolve(home, Map.of());

        assertThat(directories.videos()).isEqualTo(home.resolve("Filme/p2pcam"));
        assertThat(directories.pictures()).isEqualTo(Path.of("/srv/photos/p2pcam"));
    }

    @Test
    void theEnvironmentWinsOverTheFileAndXdgConfigHomeMovesTheFile() throws Exception {
        Path config = home.resolve("elsewhere");
        writeUserDirs(config, """
                XDG_VIDEOS_DIR="$HOME/Filme"
                XDG_PICTURES_DIR="$HOME/Bilder"
                """);

        CaptureDirectories directories = CaptureDirectories.resolve(
                home, Map.of("XDG_CONFIG_HOME", config.toString(), "XDG_PICTURES_DIR", "/data/pictures"));

        assertThat(directories.videos()).isEqualTo(home.resolve("Filme/p2pcam"));
        assertThat(directories.pictures()).isEqualTo(Path.of("/data/pictures/p2pcam"));
    }

    @Test
    void aFolderSetToHomeMeansDisabledAndRelativeOnesAreIgnored() throws Exception {
        writeUserDirs(home.resolve(".config"), """
                XDG_VIDEOS_DIR="$HOME"
                XDG_PICTURES_DIR="relative/pictures"
                """);

        CaptureDirectories directories = CaptureDirectories.resolve(home, Map.of());

        assertThat(directories.videos()).isEqualTo(home.resolve("Videos/p2pcam"));
        assertThat(directories.pictures()).isEqualTo(home.resolve("Pictures/p2pcam"));
    }

    private static void writeUserDirs(Path configHome, String content) throws Exception {
        Files.createDirectories(configHome);
        Files.writeString(configHome.resolve("user-dirs.dirs"), content);
    }
}
