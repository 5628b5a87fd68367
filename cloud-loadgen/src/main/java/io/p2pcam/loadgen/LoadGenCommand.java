package io.p2pcam.loadgen;

import io.p2pcam.runtime.UsageErrors;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cloud-loadgen}: the composition root. Parses flags into a {@link LoadConfig}, runs one
 * {@link LoadRun}, prints the summary and a last line of JSON. Exit codes: 0 done, 1 the run could
 * not go on (one line on stderr says why), 2 bad flags, 130 stopped by Ctrl-C (after the figures so
 * far).
 */
@Command(
        name = "cloud-loadgen",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        version = "cloud-loadgen 0.1.0",
        subcommands = StrangerFlood.class,
        usageHelpWidth = 100,
        description = "Loads a running p2pcam cloud like a fleet: N cameras register (Ed25519-signed) and keep alive "
                + "at the interval the cloud gives, viewers send M connect requests a second to random registered "
                + "cameras, and the cameras accept. Prints progress, then rates, connect latency percentiles, losses, "
                + "errors and the server's heap per registered camera, and a last line of JSON; Ctrl-C stops it "
                + "with the figures so far. Exit codes: 0 done, 1 the run could not go on, 2 bad flags, 130 "
                + "stopped by Ctrl-C.")
public final class LoadGenCommand implements Callable<Integer> {
    @Option(
            names = "--cloud",
            defaultValue = "127.0.0.1:32100",
            description = "The cloud's UDP address, or a cluster's nodes as a comma list: camera and viewer sockets go "
                    + "to the nodes in turn, so cameras are spread over them and connects reach random nodes "
                    + "(default: ${DEFAULT-VALUE}).")
    String cloud;

    @Option(names = "--cameras", defaultValue = "10000", description = "Simulated cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--connects-per-second",
            defaultValue = "500",
            description = "Viewer connect requests per second in steady state (default: ${DEFAULT-VALUE}).")
    int connectsPerSecond;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "Measured steady state, e.g. 60s, 5m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "Connects running, not measured, before the measured window (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--max-ramp",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "The ramp ends then (or after 30 s without a new registration) and the run goes on with the "
                    + "cameras registered so far (default: ${DEFAULT-VALUE}).")
    Duration maxRamp;

    @Option(
            names = "--ramp-rate",
            defaultValue = "20000",
            description = "Registrations started per second at most during ramp-up (default: ${DEFAULT-VALUE}).")
    int rampRate;

    @Option(
            names = "--ramp-window",
            defaultValue = "200",
            description =
                    "Registrations in flight at most; keeps the ramp at the pace the cloud can verify (default: ${DEFAULT-VALUE}).")
    int rampWindow;

    @Option(
            names = "--sockets",
            defaultValue = "16",
            description =
                    "Camera sockets; cameras are spread over them, each its own 127.77.x.y address on a loopback cloud (default: ${DEFAULT-VALUE}).")
    int sockets;

    @Option(
            names = "--target-sockets",
            defaultValue = "4",
            description = "Camera sockets, read by a thread of their own, for the cameras viewers connect to, so that "
                    + "a forward does not wait behind other cameras' keepalive acks (a real camera has a socket of "
                    + "its own); 0 puts every camera on --sockets and lets viewers connect to any (default: "
                    + "${DEFAULT-VALUE}).")
    int targetSockets;

    @Option(
            names = "--connect-targets",
            defaultValue = "50000",
            description = "With --target-sockets: viewers connect to the first this many cameras (default: "
                    + "${DEFAULT-VALUE}).")
    int connectTargets;

    @Option(
            names = "--viewer-sockets",
            defaultValue = "4",
            description =
                    "Viewer sockets, each its own 127.78.x.y address on a loopback cloud (default: ${DEFAULT-VALUE}).")
    int viewerSockets;

    @Option(
            names = "--keygen-threads",
            defaultValue = "1",
            description = "Threads making key pairs (default: ${DEFAULT-VALUE}).")
    int keygenThreads;

    @Option(
            names = "--signer-threads",
            defaultValue = "1",
            description = "Threads signing REGISTERs (default: ${DEFAULT-VALUE}).")
    int signerThreads;

    @Option(
            names = "--connect-timeout",
            defaultValue = "6s",
            converter = DurationConverter.class,
            description =
                    "A connect not answered by then counts as timed out (default: ${DEFAULT-VALUE}; the cloud itself gives up after 5 s).")
    Duration connectTimeout;

    @Option(
            names = "--metrics-url",
            description = "The cloud's Prometheus endpoint, e.g. http://127.0.0.1:32180/metrics.")
    URI metricsUrl;

    @Option(
            names = "--server-pid",
            defaultValue = "-1",
            description =
                    "The cloud's process ID: its live heap is read with `jcmd PID GC.class_histogram` (a full GC, then every live object summed), so heap per camera is exact.")
    long serverPid;

    @Option(
            names = "--restart-command",
            paramLabel = "SHELL_COMMAND",
            description =
                    "After the measured window, run this (sh -c) to restart the cloud: it must kill it, start it again with "
                            + "the same --state-dir, return once it answers and print the new PID as its last line. Then time "
                            + "until every camera is registered again (RESUME with its ticket, or signed).")
    String restartCommand;

    @Option(
            names = "--storm-timeout",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How long to wait for every camera to come back after --restart-command "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration stormTimeout;

    @Option(names = "--json-only", description = "Print only the final JSON line (no progress, no summary).")
    boolean jsonOnly;

    /** The shell's status for a program ended by Ctrl-C (128 + SIGINT). */
    static final int EXIT_INTERRUPTED = 130;
    /** How long Ctrl-C waits for the figures so far to be printed (a phase ends at once; sockets close). */
    private static final Duration REPORT_AFTER_STOP = Duration.ofSeconds(10);

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, a bad one told in one line and a hint (exit 2), as the other programs do. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LoadGenCommand());
        commandLine.setParameterExceptionHandler((problem, args) -> {
            CommandLine failed = problem.getCommandLine();
            String name = failed.getCommandSpec().qualifiedName();
            failed.getErr().println(name + ": " + UsageErrors.describe(problem));
            failed.getErr().println("Try '" + name + " --help'.");
            return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
        return commandLine;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        PrintStream progress = jsonOnly ? new PrintStream(OutputStream.nullOutputStream()) : out;
        LoadConfig config;
        try {
            config = new LoadConfig(
                    Arrays.stream(cloud.split(","))
                            .map(String::strip)
                            .map(LoadGenCommand::parseCloud)
                            .toList(),
                    cameras,
                    connectsPerSecond,
                    duration,
                    warmup,
                    maxRamp,
                    rampRate,
                    rampWindow,
                    sockets,
                    viewerSockets,
                    keygenThreads,
                    signerThreads,
                    (int) connectTimeout.toMillis(),
                    metricsUrl,
                    serverPid,
                    restartCommand,
                    stormTimeout,
                    targetSockets,
                    connectTargets);
        } catch (IllegalArgumentException e) {
            System.err.println("cloud-loadgen: " + e.getMessage());
            return 2;
        }
        LoadRun run = new LoadRun(config, progress);
        // Ctrl-C: the run stops where it is and the figures so far are printed before the JVM
        // exits (status 130), instead of a run of minutes ending with nothing to show.
        CountDownLatch reported = new CountDownLatch(1);
        Thread onInterrupt = Thread.ofPlatform().unstarted(() -> {
            run.stop();
            try {
                reported.await(REPORT_AFTER_STOP.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            LoadResult result = run.run();
            progress.println();
            progress.print(result.toText());
            out.println(result.toJson());
            out.flush();
            return result.isInterrupted() ? EXIT_INTERRUPTED : 0;
        } catch (LoadGenException e) {
            System.err.println("cloud-loadgen: " + e.getMessage());
            return 1;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException e) {
                // the JVM is exiting (Ctrl-C): the hook is running and lets it exit now
            }
        }
    }

    static InetSocketAddress parseCloud(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--cloud wants HOST:PORT, not \"" + text + "\"");
        }
        String host = text.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--cloud port is not a number: \"" + text + "\"");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--cloud port must be 1-65535, not " + port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--cloud host unknown: " + host);
        }
    }

    /** Reads "500ms", "30s", "5m", "1h" or ISO-8601 ("PT30S"). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            try {
                if (text.startsWith("pt")) {
                    return Duration.parse(text);
                }
                if (text.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
                }
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
                };
            } catch (RuntimeException e) {
                if (e instanceof CommandLine.TypeConversionException) {
                    throw e;
                }
                throw new CommandLine.TypeConversionException("not a duration: " + value + " (try 30s, 5m)");
            }
        }
    }
}
