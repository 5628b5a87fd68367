package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The reader of the independent camera's event lines, against a process that writes lines without
 * pause (no python needed): closing the camera while lines still arrive ends the reader quietly.
 * An exception escaping that thread reaches TestFX's default uncaught-exception handler, which
 * throws it from the next TestFX call of whatever test class runs later in the same JVM.
 */
class IndependentCameraTest {
    private static final String READER = "independent-camera-events";

    @Test
    void closingWhileTheCameraStillWritesEndsTheReaderWithoutAnUncaughtException() throws Exception {
        List<Throwable> escaped = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            if (thread.getName().equals(READER)) {
                escaped.add(e);
            } else if (previous != null) {
                previous.uncaughtException(thread, e);
            }
        });
        try {
            Process lines = new ProcessBuilder("yes", "{\"event\":\"tick\"}").start();
            IndependentCamera camera = new IndependentCamera(lines);
            try {
                camera.await("tick", Duration.ofSeconds(5));
            } finally {
                camera.close();
            }
            assertThat(camera.readerEnded(Duration.ofSeconds(5)))
                    .as("the reader ended")
                    .isTrue();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertThat(escaped).as("exceptions that escaped the reader thread").isEmpty();
    }
}
