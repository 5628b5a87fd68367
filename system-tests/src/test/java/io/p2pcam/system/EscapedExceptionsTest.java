package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EscapedExceptionsTest {
    @Test
    void anExceptionThatEndsAThreadIsKeptWithTheThreadsNameAndHandedOnToTheHandlerBefore() throws Exception {
        List<Throwable> handedOn = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        EscapedExceptions.Watch watch = new EscapedExceptions.Watch((thread, e) -> handedOn.add(e));
        UncheckedIOException closed = new UncheckedIOException(new IOException("Stream closed"));
        Thread.setDefaultUncaughtExceptionHandler(watch);
        try {
            Thread reader = new Thread(
                    () -> {
                        throw closed;
                    },
                    "events-reader");
            reader.start();
            reader.join();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }

        assertThat(watch.drain()).containsExactly(new EscapedExceptions.Escaped("events-reader", closed));
        assertThat(handedOn).containsExactly(closed);
        assertThat(watch.drain()).as("drained once").isEmpty();
    }
}
