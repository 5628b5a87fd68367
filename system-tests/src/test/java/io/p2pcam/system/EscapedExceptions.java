package io.p2pcam.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Fails the test class during which a thread of this JVM died of an uncaught exception, instead of
 * a later, unrelated one. Once loaded, TestFX's {@link WaitForAsyncUtils} is the JVM's default
 * uncaught-exception handler: it queues whatever escapes any thread and throws the first from the
 * next TestFX call, wrapped in a RuntimeException with one placeholder frame. So ViewerAppLiveTest
 * failed in milliseconds with "UncheckedIOException: IOException: Stream closed" from
 * IndependentCameraToProbeTest's reader thread, and with EmptyNodeQueryException from a timer
 * SubStreamSwitchTest had left running. Every class of this module has it (META-INF/services, with
 * autodetection on in the module's surefire configuration); what escaped between two classes is
 * reported by the second.
 */
public final class EscapedExceptions implements BeforeAllCallback, AfterAllCallback {
    private static Watch watch;

    @Override
    public void beforeAll(ExtensionContext context) {
        watchOnce();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<Escaped> escaped = watchOnce().drain();
        if (escaped.isEmpty()) {
            return;
        }
        // Reported here: not again from a later class's first TestFX call.
        WaitForAsyncUtils.clearExceptions();
        Escaped first = escaped.getFirst();
        AssertionError failure = new AssertionError(
                escaped.size() + " exception(s) escaped threads of this JVM by the end of " + context.getDisplayName()
                        + "; the first, on thread '" + first.thread() + "': " + first.error(),
                first.error());
        escaped.stream().skip(1).forEach(more -> failure.addSuppressed(more.error()));
        throw failure;
    }

    private static synchronized Watch watchOnce() {
        if (watch == null) {
            // TestFX installs its handler when WaitForAsyncUtils initialises: now, under ours, not over it later.
            try {
                Class.forName(WaitForAsyncUtils.class.getName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            watch = Watch.install();
        }
        return watch;
    }

    /** An exception that reached the default handler, and the name of the thread it ended. */
    record Escaped(String thread, Throwable error) {}

    /** The JVM's default uncaught-exception handler, wrapped: what reaches it is kept, then handed on. */
    static final class Watch implements Thread.UncaughtExceptionHandler {
        private final Thread.UncaughtExceptionHandler previous;
        private final Queue<Escaped> escaped = new ConcurrentLinkedQueue<>();

        Watch(Thread.UncaughtExceptionHandler previous) {
            this.previous = previous;
        }

        /** Wraps the current default handler and becomes the default. */
        static Watch install() {
            Watch installed = new Watch(Thread.getDefaultUncaughtExceptionHandler());
            Thread.setDefaultUncaughtExceptionHandler(installed);
            return installed;
        }

        @Override
        public void uncaughtException(Thread thread, Throwable error) {
            escaped.add(new Escaped(thread.getName(), error));
            if (previous != null) {
                previous.uncaughtException(thread, error);
            } else { // what the JVM does with no default handler
                System.err.print("Exception in thread \"" + thread.getName() + "\" ");
                error.printStackTrace(System.err);
            }
        }

        /** What escaped since the last call, oldest first. */
        List<Escaped> drain() {
            List<Escaped> drained = new ArrayList<>();
            for (Escaped next = escaped.poll(); next != null; next = escaped.poll()) {
                drained.add(next);
            }
            return drained;
        }
    }
}
