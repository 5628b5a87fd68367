package io.p2pcam.viewer.engine.decode;

import io.p2pcam.media.codec.FfmpegLog;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import java.util.List;
import org.slf4j.event.Level;

/** Test streams encoded once per test JVM and shared by the test classes. */
public final class TestStreams {

    public static final int WIDTH = 640;
    public static final int HEIGHT = 360;
    public static final int FRAMES = 75;
    public static final TestPattern PATTERN = new TestPattern(WIDTH, HEIGHT);

    private static List<AccessUnit> small;

    private TestStreams() {}

    /** 75 access units of 640x360 {@link TestPattern}, keyframes at 0, 30 and 60. */
    public static synchronized List<AccessUnit> small() {
        if (small == null) {
            FfmpegLog.routeToSlf4j(Level.DEBUG);
            try (H264TestEncoder encoder = new H264TestEncoder(WIDTH, HEIGHT)) {
                small = List.copyOf(encoder.encode(FRAMES));
            }
        }
        return small;
    }
}
