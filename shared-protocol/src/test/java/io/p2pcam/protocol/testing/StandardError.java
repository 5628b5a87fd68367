package io.p2pcam.protocol.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What code writes to {@link System#err} while it runs: for libraries that warn there and nowhere
 * else, such as picocli (its tracer looks up {@code System.err} at each warning). System.err is
 * replaced for the duration, so anything another thread writes meanwhile is caught too.
 */
public final class StandardError {
    private StandardError() {}

    /** Runs {@code action} and returns what it wrote to System.err, which is restored even if it throws. */
    public static String writtenDuring(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        System.setErr(new PrintStream(written, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return written.toString(StandardCharsets.UTF_8);
    }
}
