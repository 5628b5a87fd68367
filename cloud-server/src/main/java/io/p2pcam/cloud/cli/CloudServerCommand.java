package io.p2pcam.cloud.cli;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.cloud.core.PartyCaps;
import io.p2pcam.cloud.core.Quotas;
import io.p2pcam.cloud.server.CannotBindException;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.cloud.server.ClusterSettings;
import io.p2pcam.cloud.server.StateFileException;
import io.p2pcam.runtime.UsageErrors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code p2pcam-cloud}: runs the rendezvous cloud until SIGTERM or Ctrl-C. The composition root of
 * the cloud server: it alone reads flags, the environment and the config file, builds
 * {@link CloudServerSettings} and starts a {@link CloudServer}.
 *
 * <p>Every option can also come from the environment ({@code --udp-port} → {@code P2PCAM_UDP_PORT})
 * or from a properties file ({@code udp-port=32100}); a flag beats the environment, which beats the
 * file, which beats the default. Exit codes: 0 after a requested stop, 1 when the server cannot
 * start (a port in use), 2 for an invalid option; 143 when ended by SIGTERM.
 */
@Command(
        name = "p2pcam-cloud",
        mixinStandardHelpOptions = true,
        versionProvider = JarVersion.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Runs the p2pcam rendezvous cloud: cameras register, viewers find them, the cloud brokers "
                    + "the NAT punch and steps aside. Every option can also be set as an environment variable "
                    + "P2PCAM_<OPTION> (e.g. P2PCAM_UDP_PORT) or in the --config file (e.g. udp-port=32100); "
                    + "flags win over the environment, which wins over the file."
        },
        footer = {"", "Health: GET /healthz; Prometheus metrics: GET /metrics on the HTTP port (--http-bind)."})
public final class CloudServerCommand implements Callable<Integer> {
    static final int EXIT_CANNOT_START = 1;
    private static final Logger log = LoggerFactory.getLogger(CloudServerCommand.class);

    @Spec
    private CommandSpec spec;

    // Declared first so that its own default (P2PCAM_CONFIG) is settled before the options read from the file.
    // Only picocli's default provider reads it (through the parsed option), never this field.
    @SuppressWarnings("UnusedVariable")
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with option values, keys without dashes (udp-port=32100).")
    private Path config;

    @Option(
            names = "--udp-port",
            paramLabel = "PORT",
            defaultValue = "32100",
            description =
                    "UDP port cameras and viewers talk to; 0 picks one free for TCP too. Default: ${DEFAULT-VALUE}.")
    private int udpPort;

    @Option(
            names = "--bind",
            paramLabel = "ADDRESS",
            defaultValue = "0.0.0.0",
            description = "Local address cameras and viewers reach (UDP and TCP). Default: ${DEFAULT-VALUE}.")
    private String bind;

    @Option(
            names = "--http-bind",
            paramLabel = "ADDRESS",
            defaultValue = "127.0.0.1",
            description = "Local address of /healthz and /metrics: keep them for your monitoring. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String httpBind;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            defaultValue = "32180",
            description = "Port of /healthz and /metrics; -1 turns HTTP off. Default: ${DEFAULT-VALUE}.")
    private int httpPort;

    @Option(
            names = "--keepalive",
            paramLabel = "SECONDS",
            defaultValue = "20",
            description = "Keepalive interval told to cameras (1-3600). Default: ${DEFAULT-VALUE}.")
    private int keepaliveSeconds;

    @Option(
            names = "--max-cameras",
            paramLabel = "COUNT",
            defaultValue = "2000000",
            description = "Registrations held at most. Default: ${DEFAULT-VALUE}.")
    private int maxCameras;

    @Option(
            names = "--register-rate",
            paramLabel = "PER_SECOND",
            defaultValue = "20",
            description = "Registration messages allowed per source address per second (bursts of 3x). "
                    + "Default: ${DEFAULT-VALUE}.")
    private double registerRate;

    @Option(
            names = "--request-rate",
            paramLabel = "PER_SECOND",
            defaultValue = "20",
            description = "Lookups and connect requests allowed per source address per second (bursts of 3x). "
                    + "Default: ${DEFAULT-VALUE}.")
    private double requestRate;

    @Option(
            names = "--registrations-per-party",
            paramLabel = "ADDR,P56,P48",
            defaultValue = "256,1024,4096",
            description = "Live registrations one party may hold: per IPv4 address or IPv6 /64, per /56, per /48. "
                    + "When the table is full, a new camera evicts one of the party holding most. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String registrationsPerParty;

    @Option(
            names = "--pending-connects-per-party",
            paramLabel = "ADDR,P56,P48",
            defaultValue = "64,128,512",
            description = "Connect requests one party may have awaiting cameras' answers: per IPv4 address or "
                    + "IPv6 /64, per /56, per /48. Default: ${DEFAULT-VALUE}.")
    private String pendingConnectsPerParty;

    @Option(
            names = "--rate-factors",
            paramLabel = "P56,P48",
            defaultValue = "2,8",
            description = "The rate limits of one IPv6 /56 and one /48, as multiples of one /64's. "
                    + "Default: ${DEFAULT-VALUE}.")
    private String rateFactors;

    @Option(
            names = "--max-signature-checks",
            paramLabel = "COUNT",
            defaultValue = "512",
            description = "REGISTER signature checks queued or running at most, across all sources; more are "
                    + "dropped (verifier_busy). Default: ${DEFAULT-VALUE}.")
    private int maxSignatureChecks;

    @Option(
            names = "--event-loops",
            paramLabel = "COUNT",
            defaultValue = "0",
            description = "UDP event loops serving the port together (SO_REUSEPORT, Linux epoll), each with its own "
                    + "socket and the cameras whose ID hashes to it; 0 means one per core. Default: 0.")
    private int eventLoops;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            defaultValue = "",
            description = "Directory for what must survive a restart: the keys of the resumption tickets that let "
                    + "cameras come back after a restart with a MAC check instead of a signature (file ticket-keys, "
                    + "created and rotated weekly). Empty: keys in memory, every camera signs again after a restart. "
                    + "Default: none.")
    private String stateDir;

    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            defaultValue = "5",
            description = "How long to wait for a camera's answer to a connect request. Default: ${DEFAULT-VALUE}.")
    private double connectTimeoutSeconds;

    @Option(
            names = "--tcp-port",
            paramLabel = "PORT",
            defaultValue = "same",
            description = "Also serve the protocol over TCP, for cameras and viewers whose network blocks UDP: "
                    + "'same' (the UDP port's number, where clients look for it), a port, or 'off' (-1). "
                    + "Default: ${DEFAULT-VALUE}.")
    private String tcpPort;

    @Mixin
    private TcpLimitOptions tcp = new TcpLimitOptions();

    @Mixin
    private HttpLimitOptions http = new HttpLimitOptions();

    @Mixin
    private UdpSocketFlags udpSockets = new UdpSocketFlags();

    @Mixin
    private RelayOptions relay = new RelayOptions();

    @Mixin
    private ClusterOptions cluster = new ClusterOptions();

    private final Map<String, String> environment;
    private EnvironmentAndFileDefaults defaults;

    /** A command reading the given environment (tests pass a map; {@link #main} passes the process's). */
    public CloudServerCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The picocli command line with the defaults chain and the one-line error handling installed. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CloudServerCommand command = new CloudServerCommand(environment);
        CommandLine commandLine = new CommandLine(command);
        command.defaults = new EnvironmentAndFileDefaults(commandLine.getCommandSpec(), command.environment);
        commandLine.setDefaultValueProvider(command.defaults);
        commandLine.setParameterExceptionHandler(command::invalidUsage);
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> cannotStart(e, cl));
        return commandLine;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        CloudServerSettings settings = settings();
        ClusterSettings clusterSettings = clusterSettings();
        CloudServer server = CloudServer.start(settings, clusterSettings);
        log.info(
                "p2pcam cloud listening on udp {}, tcp {}, http {} ({}), relay {}",
                hostPort(server.udpAddress()),
                server.tcpAddress().map(CloudServerCommand::hostPort).orElse("off"),
                server.httpAddress().map(CloudServerCommand::hostPort).orElse("off"),
                server.transportLabel(),
                settings.cloud().relayAvailable() ? "on" : "off");
        if (clusterSettings != null) {
            log.info(
                    "cluster node {} on registry {}", clusterSettings.nodeAddress(), clusterSettings.registryServers());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            server.close();
                            log.info("stopped");
                            stopped.countDown();
                        },
                        "p2pcam-shutdown"));
        stopped.await();
        return CommandLine.ExitCode.OK;
    }

    /** The settings the parsed options describe; a {@link ParameterException} says what is wrong, in one line. */
    CloudServerSettings settings() {
        checkConfigFile();
        require(udpPort >= 0 && udpPort <= 65535, "--udp-port", "must be between 0 and 65535, not " + udpPort);
        require(
                httpPort >= -1 && httpPort <= 65535,
                "--http-port",
                "must be between 0 and 65535, or -1 for off, not " + httpPort);
        require(
                keepaliveSeconds >= 1 && keepaliveSeconds <= 3600,
                "--keepalive",
                "must be between 1 and 3600 seconds, not " + keepaliveSeconds);
        require(maxCameras >= 1, "--max-cameras", "must be at least 1, not " + maxCameras);
        require(registerRate > 0 && Double.isFinite(registerRate), "--register-rate", "must be positive");
        require(requestRate > 0 && Double.isFinite(requestRate), "--request-rate", "must be positive");
        require(
                connectTimeoutSeconds >= 0.001 && connectTimeoutSeconds <= 3600,
                "--connect-timeout",
                "must be between 0.001 and 3600 seconds");
        CloudConfig cloud = CloudConfig.defaults();
        cloud = new CloudConfig(
                Duration.ofSeconds(keepaliveSeconds),
                cloud.missedKeepalives(),
                cloud.challengeLifetime(),
                Duration.ofMillis(Math.round(connectTimeoutSeconds * 1000)),
                rate(registerRate),
                rate(requestRate),
                maxCameras,
                cloud.maxPendingConnects(),
                relay.limits(this::require),
                quotas());
        require(eventLoops >= 0 && eventLoops <= 256, "--event-loops", "must be between 0 (one per core) and 256");
        return new CloudServerSettings(bindAddress(), udpPort, httpPort, cloud)
                .withTcpPort(tcpPort())
                .withHttpBindAddress(address("--http-bind", httpBind))
                .withTcpLimits(tcp.limits(this::require))
                .withHttpLimits(http.limits(this::require))
                .withUdpSocketOptions(udpSockets.options(this::require))
                .withUdpIo(udpSockets.io())
                .withStateDirectory(stateDirectory())
                .withEventLoops(eventLoops == 0 ? CloudServerSettings.defaultEventLoops() : eventLoops);
    }

    /** The --state-dir, or null for none; one that is there must be a directory (made later if not there). */
    private Path stateDirectory() {
        if (stateDir.isBlank()) {
            return null;
        }
        Path directory = Path.of(stateDir.strip());
        require(
                !Files.exists(directory) || Files.isDirectory(directory),
                "--state-dir",
                directory + " is not a directory");
        return directory;
    }

    /** The cluster the options name, or null for a node alone. */
    ClusterSettings clusterSettings() {
        return cluster.settings(this::require);
    }

    private Quotas quotas() {
        require(maxSignatureChecks >= 1, "--max-signature-checks", "must be at least 1");
        double[] factors = numbers("--rate-factors", rateFactors, 2);
        require(
                factors[0] >= 1 && factors[1] >= factors[0] && Double.isFinite(factors[1]),
                "--rate-factors",
                "must be two numbers with 1 <= /56 <= /48, not " + rateFactors);
        return Quotas.defaults()
                .withMaxSignatureChecks(maxSignatureChecks)
                .withRegistrations(caps("--registrations-per-party", registrationsPerParty))
                .withPendingConnects(caps("--pending-connects-per-party", pendingConnectsPerParty))
                .withRateFactors(factors[0], factors[1]);
    }

    private PartyCaps caps(String option, String text) {
        double[] values = numbers(option, text, 3);
        require(
                values[0] >= 1
                        && values[1] >= values[0]
                        && values[2] >= values[1]
                        && values[2] <= Integer.MAX_VALUE
                        && values[0] == Math.rint(values[0])
                        && values[1] == Math.rint(values[1])
                        && values[2] == Math.rint(values[2]),
                option,
                "must be three whole numbers with 1 <= per address <= per /56 <= per /48, not " + text);
        return new PartyCaps((int) values[0], (int) values[1], (int) values[2]);
    }

    private double[] numbers(String option, String text, int count) {
        String[] parts = text.strip().split("\\s*,\\s*");
        require(parts.length == count, option, "must be " + count + " comma-separated numbers, not " + text);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            try {
                values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                require(false, option, "must be " + count + " comma-separated numbers, not " + text);
            }
        }
        return values;
    }

    private static RateLimit rate(double perSecond) {
        return new RateLimit(perSecond, (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(perSecond * 3))));
    }

    private InetAddress bindAddress() {
        return address("--bind", bind);
    }

    private InetAddress address(String option, String value) {
        try {
            return InetAddress.ofLiteral(value.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(option, "must be an IP address such as 0.0.0.0, ::, or 127.0.0.1, not '" + value + "'");
        }
    }

    private int tcpPort() {
        String value = tcpPort.strip();
        if (value.equals("same")) {
            return CloudServerSettings.TCP_SAME_AS_UDP;
        }
        if (value.equals("off")) {
            return CloudServerSettings.TCP_OFF;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= -1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw invalid(
                "--tcp-port", "must be 'same', 'off' (or -1), or a port between 0 and 65535, not '" + value + "'");
    }

    private void checkConfigFile() {
        Path path = defaults.configPath();
        if (path == null) {
            return;
        }
        if (!Files.isReadable(path)) {
            throw new ParameterException(spec.commandLine(), "cannot read config file " + path);
        }
        // A file that cannot be read to its end must not leave the server on its defaults unsaid.
        String problem = defaults.configFileProblem();
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "cannot read config file " + path + ": " + problem);
        }
        Set<String> known = spec.options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp())
                .map(o -> EnvironmentAndFileDefaults.key(o.longestName()))
                .collect(Collectors.toSet());
        Set<String> unknown = new TreeSet<>();
        for (String key : defaults.configFile().stringPropertyNames()) {
            if (!known.contains(key) || key.equals("config")) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown) + " in config file "
                            + path);
        }
    }

    private void require(boolean valid, String option, String problem) {
        if (!valid) {
            throw invalid(option, problem);
        }
    }

    private ParameterException invalid(String option, String problem) {
        String source = defaults.sourceOf(option);
        return new ParameterException(
                spec.commandLine(), option + " " + problem + (source == null ? "" : " (from " + source + ")"));
    }

    /** Invalid usage: one line saying what, one line pointing at --help, exit 2. Never a stack trace. */
    private int invalidUsage(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        String message = UsageErrors.describe(e);
        if (e.getArgSpec() instanceof OptionSpec option
                && defaults.sourceOf(option.longestName()) != null
                && !message.contains("(from ")) {
            message += " (from " + defaults.sourceOf(option.longestName()) + ")";
        }
        commandLine.getErr().println("p2pcam-cloud: " + message);
        commandLine.getErr().println("Try 'p2pcam-cloud --help' for the options.");
        return CommandLine.ExitCode.USAGE;
    }

    /** The server could not start: one line; the stack trace only when it is not the operator's to fix. */
    private static int cannotStart(Exception e, CommandLine commandLine) {
        if (e instanceof CannotBindException || e instanceof StateFileException) {
            commandLine.getErr().println("p2pcam-cloud: " + e.getMessage());
        } else {
            commandLine.getErr().println("p2pcam-cloud: cannot start: " + e);
            log.debug("start failed", e);
        }
        return EXIT_CANNOT_START;
    }

    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
