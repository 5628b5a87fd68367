package io.p2pcam.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class StartupTimelineTest {
    /**
     * Counted from the start the kernel recorded, both ends on clocks that count from the boot: the
     * JDK's start instant adds the boot's wall time in whole seconds, so it was early by up to a second.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void theTimelineCountsFromTheProcessStartTheKernelRecorded() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        long startTicks =
                Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[19]);
        long before = uptimeMillis() - startTicks * 10;

        long timeline = StartupTimeline.sinceProcessStart();

        long after = uptimeMillis() - startTicks * 10;
        assertThat(timeline).isBetween(before - 20, after + 20);
    }

    private static long uptimeMillis() throws IOException {
        return Math.round(
                Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]) * 1000);
    }
}
