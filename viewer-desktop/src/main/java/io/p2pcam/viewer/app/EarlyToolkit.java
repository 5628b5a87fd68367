package io.p2pcam.viewer.app;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import javafx.application.Platform;

/**
 * Starts the UI toolkit on its own thread as the first thing a windowed launch does, so that its
 * start (about 0.6 s here on Xvfb: GTK, Prism, fonts) runs while the main thread parses the command line
 * and reads the settings, instead of after them (issue 16 §2: the window within 1 s).
 *
 * <p>A launch can still end without a window (a mistyped option, say) while that start is under way.
 * The toolkit registers a shutdown hook as it starts, and a JVM already exiting refuses it with a
 * stack trace under the one-line error; so the process settles the start ({@link #settleBeforeExit})
 * before it exits: a start not yet begun is called off, one under way is waited for.
 */
public final class EarlyToolkit {
    /** Arguments after which no window opens: a subcommand, or help and version. */
    private static final Set<String> NOT_WINDOWED = Set.of("probe", "-h", "--help", "-V", "--version");

    /** How long an exit waits for a start under way; the toolkit takes ~0.6 s, a hung display longer. */
    private static final long SETTLE_LIMIT_SECONDS = 10;

    /** Held by the starting thread for the whole start, so that an exit can wait for it to end. */
    private static final ReentrantLock STARTING = new ReentrantLock();

    private static volatile CompletableFuture<Void> started;
    private static volatile boolean calledOff;

    private EarlyToolkit() {}

    /** Whether these arguments open the window (no subcommand, no help or version). */
    public static boolean opensWindow(List<String> args) {
        return args.stream().noneMatch(NOT_WINDOWED::contains);
    }

    /**
     * Starts the toolkit in the background, told first what this machine spares it
     * ({@link ToolkitTuning}: on that thread too, its ~50 ms of native-call set-up then do not hold up
     * the command line); {@link ViewerApp#launch} then runs on it.
     */
    public static void start() {
        start(
                () -> {
                    ToolkitTuning.forThisMachine().apply();
                    CompletableFuture<Void> ready = started;
                    Platform.startup(() -> {
                        StartupTimeline.mark("toolkit ready");
                        ready.complete(null);
                    });
                },
                task -> Thread.ofPlatform().name("toolkit-start").daemon().start(task));
    }

    /**
     * {@link #start()} with the start itself given, run on {@code starter}: it completes {@link
     * #started} when the toolkit is ready.
     */
    static void start(Runnable startToolkit, Executor starter) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        started = ready;
        calledOff = false;
        starter.execute(() -> {
            STARTING.lock();
            try {
                if (calledOff) {
                    ready.completeExceptionally(new IllegalStateException("the toolkit's start was called off"));
                    return;
                }
                startToolkit.run();
            } catch (RuntimeException | Error e) { // no display: reported when the window is asked for
                ready.completeExceptionally(e);
            } finally {
                STARTING.unlock();
            }
        });
    }

    /**
     * Called before the process exits, window or none: calls off a start that has not begun and waits
     * (at most {@value #SETTLE_LIMIT_SECONDS} s) for one under way, so that the exit does not race the
     * toolkit's own start.
     */
    public static void settleBeforeExit() {
        calledOff = true;
        try {
            if (STARTING.tryLock(SETTLE_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                STARTING.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether {@link #start} started the toolkit (then the app runs on it, not through Application.launch). */
    static boolean wasStarted() {
        return started != null;
    }

    /** Waits for the toolkit; rethrows what stopped it from starting (no display, for example). */
    static void awaitReady() {
        try {
            started.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException problem) {
                throw problem;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the toolkit started", e);
        }
    }
}
