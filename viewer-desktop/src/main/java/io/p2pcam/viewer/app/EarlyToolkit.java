package io.p2pcam.viewer.app;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;

/**
 * Starts the UI toolkit on its own thread as the first thing a windowed launch does, so that its
 * start (about 0.6 s here on Xvfb: GTK, Prism, fonts) runs while the main thread parses the command line
 * and reads the settings, instead of after them (issue 16 §2: the window within 1 s).
 */
public final class EarlyToolkit {
    /** Arguments after which no window opens: a subcommand, or help and version. */
    private static final Set<String> NOT_WINDOWED = Set.of("probe", "-h", "--help", "-V", "--version");

    private static volatile CompletableFuture<Void> started;

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
        CompletableFuture<Void> ready = new CompletableFuture<>();
        started = ready;
        Thread.ofPlatform().name("toolkit-start").daemon().start(() -> {
            try {
                ToolkitTuning.forThisMachine().apply();
                Platform.startup(() -> {
                    StartupTimeline.mark("toolkit ready");
                    ready.complete(null);
                });
            } catch (RuntimeException e) { // no display: reported when the window is asked for
                ready.completeExceptionally(e);
            }
        });
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
