package io.p2pcam.viewer.cli;

import io.p2pcam.viewer.app.EarlyToolkit;
import io.p2pcam.viewer.app.StartupTimeline;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The viewer jar's entry point. A launch with no options (the menu entry's, {@code ./p2pcam
 * viewer}'s) opens the desktop app directly; every other command line, {@code --help} and errors
 * included, goes to {@link ViewerCommand} (picocli), as before. picocli's class files (Java 5) cannot
 * go into JDK 25's start-up cache and cost the window ~0.3 s of loading and verifying (issue 16 §2,
 * docs/BENCHMARKS.md "Viewer start-up"), so this class does not refer to any of its classes.
 */
public final class ViewerMain {
    /** JavaFX's own log; held, because JUL keeps loggers weakly and would forget the filter. */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private ViewerMain() {}

    public static void main(String[] args) {
        StartupTimeline.mark("main");
        // JavaFX warns that it runs from the class path (one shaded jar): that is how we ship it.
        JAVAFX_LOG.setFilter(record ->
                record.getMessage() == null || !record.getMessage().startsWith("Unsupported JavaFX configuration"));
        List<String> arguments = List.of(args);
        if (EarlyToolkit.opensWindow(arguments)) {
            EarlyToolkit.start();
        }
        Optional<DesktopLaunch> plain = DesktopLaunch.withoutOptions(arguments);
        int exitCode = plain.isPresent() ? runDirectly(plain.get()) : ViewerCommand.execute(args);
        EarlyToolkit.settleBeforeExit();
        System.exit(exitCode);
    }

    /** What picocli's execute does around the command: its output and error writers, a failure's stack trace and 1. */
    private static int runDirectly(DesktopLaunch launch) {
        PrintWriter out = writer(System.out);
        PrintWriter err = writer(System.err);
        try {
            return launch.run(out, err);
        } catch (RuntimeException e) {
            e.printStackTrace(err);
            return DesktopLaunch.FAILED;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
    }
}
