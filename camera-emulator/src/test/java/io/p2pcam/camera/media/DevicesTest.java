package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevicesTest {
    @TempDir
    Path temp;

    @Test
    void listsVideoNodesInNumericOrderWithTheirDriverNames() throws Exception {
        Path dev = Files.createDirectories(temp.resolve("dev"));
        Path sysfs = Files.createDirectories(temp.resolve("sys"));
        for (String node : new String[] {"video10", "video0", "video1", "vhci", "video"}) {
            Files.createFile(dev.resolve(node));
        }
        Files.createDirectories(sysfs.resolve("video0"));
        Files.writeString(sysfs.resolve("video0").resolve("name"), "Integrated Camera: Integrated C\n");
        Files.createDirectories(sysfs.resolve("video10"));
        Files.writeString(sysfs.resolve("video10").resolve("name"), "OBS Virtual Camera\n");

        assertThat(Devices.listVideo4Linux(dev, sysfs))
                .containsExactly(
                        new CaptureDevice(dev.resolve("video0").toString(), "Integrated Camera: Integrated C"),
                        new CaptureDevice(dev.resolve("video1").toString(), "(unnamed)"),
                        new CaptureDevice(dev.resolve("video10").toString(), "OBS Virtual Camera"));
    }

    @Test
    void noVideoNodesIsAnEmptyList() throws Exception {
        assertThat(Devices.listVideo4Linux(Files.createDirectories(temp.resolve("dev")), temp))
                .isEmpty();
    }
}
