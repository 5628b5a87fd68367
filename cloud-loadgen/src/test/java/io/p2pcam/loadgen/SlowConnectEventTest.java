package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowConnectEventTest {
    private static final long MS = 1_000_000;

    @Test
    void onlyConnectsSlowerThanTheGoalAreRecordedWithTheirLegs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("slow.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("p2pcam.SlowConnect");
            recording.start();
            SlowConnectEvent.report(1_000 * MS, 1_004 * MS, 1_009 * MS); // 9 ms: within the goal
            SlowConnectEvent.report(2_000 * MS, 2_030 * MS, 2_042 * MS); // 42 ms: 30 to the camera, 12 back
            SlowConnectEvent.report(3_000 * MS, 0, 3_011 * MS); // 11 ms, the legs unknown
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("p2pcam.SlowConnect"))
                .toList();

        assertThat(events).hasSize(2);
        assertThat(events.get(0).getDuration("total")).isEqualTo(Duration.ofMillis(42));
        assertThat(events.get(0).getDuration("toCamera")).isEqualTo(Duration.ofMillis(30));
        assertThat(events.get(0).getDuration("toViewer")).isEqualTo(Duration.ofMillis(12));
        assertThat(events.get(1).getDuration("total")).isEqualTo(Duration.ofMillis(11));
        assertThat(events.get(1).getDuration("toCamera")).isZero();
        assertThat(Files.size(file)).isPositive();
    }
}
