package io.p2pcam.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolkitTuningTest {
    @TempDir
    Path devices;

    @Test
    void onLinuxWithoutAGpuTheToolkitSkipsOpenGlAndTheAccessibilityBridge() {
        ToolkitTuning tuning = ToolkitTuning.decide("Linux", Map.of(), new Properties(), devices);

        assertThat(tuning.environment()).containsOnly(Map.entry("NO_AT_BRIDGE", "1"), Map.entry("GDK_GL", "disable"));
        assertThat(tuning.properties()).containsOnly(Map.entry("prism.order", "sw"));
    }

    @Test
    void aRenderNodeOrAnNvidiaDeviceLeavesOpenGlToJavafx() throws IOException {
        Files.createDirectories(devices.resolve("dri"));
        Files.createFile(devices.resolve("dri/renderD128"));
        assertThat(ToolkitTuning.decide("Linux", Map.of(), new Properties(), devices))
                .isEqualTo(new ToolkitTuning(Map.of("NO_AT_BRIDGE", "1"), Map.of()));

        Path nvidiaOnly = devices.resolve("other");
        Files.createDirectories(nvidiaOnly);
        Files.createFile(nvidiaOnly.resolve("nvidia0"));
        assertThat(ToolkitTuning.hasGpuDevice(nvidiaOnly)).isTrue();
    }

    @Test
    void anEmptyDriFolderIsNoGpu() throws IOException {
        Files.createDirectories(devices.resolve("dri/by-path"));

        assertThat(ToolkitTuning.hasGpuDevice(devices)).isFalse();
    }

    @Test
    void whatTheUserSetIsKept() {
        Properties properties = new Properties();
        properties.setProperty("prism.order", "es2");

        ToolkitTuning tuning = ToolkitTuning.decide("Linux", Map.of("GDK_GL", "always"), properties, devices);

        assertThat(tuning.environment()).containsOnly(Map.entry("NO_AT_BRIDGE", "1"));
        assertThat(tuning.properties()).isEmpty();
    }

    @Test
    void otherSystemsAreLeftAlone() {
        assertThat(ToolkitTuning.decide("Windows 11", Map.of(), new Properties(), devices))
                .isEqualTo(new ToolkitTuning(Map.of(), Map.of()));
        assertThat(ToolkitTuning.decide("Mac OS X", Map.of(), new Properties(), devices))
                .isEqualTo(new ToolkitTuning(Map.of(), Map.of()));
    }
}
