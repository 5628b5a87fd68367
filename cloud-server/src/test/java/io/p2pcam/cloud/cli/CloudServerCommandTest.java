package io.p2pcam.cloud.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.p2pcam.cloud.core.PartyCaps;
import io.p2pcam.cloud.core.Quotas;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.cloud.server.HttpLimits;
import io.p2pcam.cloud.server.TcpLimits;
import io.p2pcam.cloud.server.UdpIo;
import io.p2pcam.cloud.server.UdpSocketOptions;
import io.p2pcam.protocol.testing.StandardError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CloudServerCommandTest {
    private static final List<String> OPTIONS = List.of(
            "--udp-port",
            "--bind",
            "--http-port",
            "--keepalive",
            "--max-cameras",
            "--register-rate",
            "--request-rate",
            "--connect-timeout",
            "--config",
            "--help",
            "--version",
            "--relay",
            "--relay-rate",
            "--relay-average-rate",
            "--relay-sessions",
            "--relay-sessions-per-camera",
            "--relay-sessions-per-source",
            "--tcp-port",
            "--tcp-max-connections",
            "--tcp-max-connections-per-source",
            "--http-bind",
            "--http-max-connections",
            "--http-max-connections-per-source",
            "--http-idle-timeout",
            "--http-request-timeout",
            "--http-max-request",
            "--registrations-per-party",
            "--pending-connects-per-party",
            "--rate-factors",
            "--max-signature-checks",
            "--udp-io");

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void helpMentionsEveryOptionAndTheEnvironmentVariables() {
        int exit = run(Map.of(), "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains(OPTIONS).contains("P2PCAM_UDP_PORT").contains("Default: 32100");
    }

    @Test
    void anUnparsableValueGivesOneLineAHintAndExitCode2() {
        int exit = run(Map.of(), "--udp-port", "lots");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines())
                .containsExactly(
                        "p2pcam-cloud: Invalid value for option '--udp-port': 'lots' is not an int",
                        "Try 'p2pcam-cloud --help' for the options.");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anOutOfRangeValueGivesOneLineAndExitCode2() {
        int exit = run(Map.of(), "--udp-port", "70000");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .hasValue("p2pcam-cloud: --udp-port must be between 0 and 65535, not 70000");
        assertThat(err.toString().lines()).hasSize(2);
    }

    @Test
    void anUnknownOptionGivesExitCode2() {
        assertThat(run(Map.of(), "--udp-prot", "1")).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(2);
    }

    @Test
    void aClusterNeedsTheNodesOwnAddress() {
        assertThat(run(Map.of(), "--cluster", "redis://127.0.0.1:6379")).isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .hasValue("p2pcam-cloud: --node-address is needed with --cluster (this node's public host:port)");
    }

    @Test
    void aNodeAddressWithoutAClusterIsRefused() {
        assertThat(run(Map.of(), "--node-address", "203.0.113.10:32100")).isEqualTo(2);
        assertThat(err.toString()).contains("--node-address is only meaningful with --cluster");
    }

    @Test
    void aClusterThatIsNotARedisUriIsRefused() {
        assertThat(run(Map.of(), "--cluster", "http://10.0.0.5", "--node-address", "203.0.113.10:32100"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("must be a redis:// or rediss:// URI");
    }

    @Test
    void aBadBindAddressIsExplained() {
        assertThat(run(Map.of(), "--bind", "example.com")).isEqualTo(2);
        assertThat(err.toString()).contains("--bind must be an IP address");
    }

    @Test
    void aBadValueFromTheEnvironmentSaysWhereItCameFrom() {
        int exit = run(Map.of("P2PCAM_KEEPALIVE", "0"));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .hasValue("p2pcam-cloud: --keepalive must be between 1 and 3600 seconds, not 0 "
                        + "(from environment variable P2PCAM_KEEPALIVE)");
    }

    @Test
    void withNothingGivenTheDefaultsApply() {
        CloudServerSettings settings = parse(Map.of());

        assertThat(settings).isEqualTo(CloudServerSettings.defaults());
    }

    @Test
    void theRelayIsOffUnlessAskedForAndItsCapsAndTheTcpPortAreTheAdminsToSet() {
        assertThat(parse(Map.of()).cloud().relayAvailable()).isFalse();
        assertThat(parse(Map.of()).tcpPort())
                .as("TCP on by default, on the UDP port's number")
                .isEqualTo(CloudServerSettings.TCP_SAME_AS_UDP);
        assertThat(parse(Map.of()).httpBindAddress()).isEqualTo(InetAddress.ofLiteral("127.0.0.1"));
        assertThat(parse(Map.of(), "--tcp-port", "off").tcpEnabled()).isFalse();
        assertThat(parse(Map.of(), "--tcp-port", "-1").tcpEnabled()).isFalse();
        CloudServerSettings tcp = parse(
                Map.of(),
                "--tcp-max-connections",
                "100",
                "--tcp-max-connections-per-source",
                "4",
                "--http-bind",
                "::1");
        CloudServerSettings tcpTimes = parse(
                Map.of("P2PCAM_TCP_WRITE_BUFFER", "64"),
                "--tcp-idle-timeout",
                "120",
                "--tcp-frame-timeout",
                "5",
                "--tcp-write-stall",
                "15");
        assertThat(tcpTimes.tcp())
                .isEqualTo(new TcpLimits(
                        20_000, 64, Duration.ofSeconds(120), Duration.ofSeconds(5), Duration.ofSeconds(15), 64 * 1024));
        assertThat(tcp.tcp().maxConnections()).isEqualTo(100);
        assertThat(tcp.tcp().maxConnectionsPerSource()).isEqualTo(4);
        assertThat(tcp.httpBindAddress()).isEqualTo(InetAddress.ofLiteral("::1"));

        CloudServerSettings settings = parse(
                Map.of("P2PCAM_RELAY", "true"),
                "--relay-rate",
                "8000",
                "--relay-average-rate",
                "4000",
                "--relay-sessions",
                "20",
                "--relay-sessions-per-camera",
                "3",
                "--relay-sessions-per-source",
                "2",
                "--tcp-port",
                "443");

        io.p2pcam.cloud.core.RelayLimits relay = settings.cloud().relay();
        assertThat(relay.enabled()).isTrue();
        assertThat(relay.peakBytesPerSecond()).as("8000 kbit/s").isEqualTo(1_000_000);
        assertThat(relay.averageBytesPerSecond()).as("4000 kbit/s").isEqualTo(500_000);
        assertThat(relay.maxSessions()).isEqualTo(20);
        assertThat(relay.maxSessionsPerCamera()).isEqualTo(3);
        assertThat(relay.maxSessionsPerSource()).isEqualTo(2);
        assertThat(settings.tcpPort()).isEqualTo(443);
    }

    @Test
    void theHttpEndpointsLimitsAreTheAdminsToSet() {
        assertThat(parse(Map.of()).http()).isEqualTo(HttpLimits.defaults());
        CloudServerSettings http = parse(
                Map.of("P2PCAM_HTTP_MAX_REQUEST", "4096"),
                "--http-max-connections",
                "16",
                "--http-max-connections-per-source",
                "2",
                "--http-idle-timeout",
                "3",
                "--http-request-timeout",
                "6");
        assertThat(http.http()).isEqualTo(new HttpLimits(16, 2, Duration.ofSeconds(3), Duration.ofSeconds(6), 4096));
        assertThat(run(Map.of(), "--http-max-request", "100")).isEqualTo(2);
        assertThat(err.toString()).contains("--http-max-request");
    }

    @Test
    void theQuotasPerPartyAreTheAdminsToSet() {
        assertThat(parse(Map.of()).cloud().quotas()).isEqualTo(Quotas.defaults());

        CloudServerSettings settings = parse(
                Map.of("P2PCAM_RATE_FACTORS", "4, 16"),
                "--registrations-per-party",
                "10,20,40",
                "--pending-connects-per-party",
                "5,6,7",
                "--max-signature-checks",
                "100");

        Quotas quotas = settings.cloud().quotas();
        assertThat(quotas.registrations()).isEqualTo(new PartyCaps(10, 20, 40));
        assertThat(quotas.pendingConnects()).isEqualTo(new PartyCaps(5, 6, 7));
        assertThat(quotas.rateFactor56()).isEqualTo(4);
        assertThat(quotas.rateFactor48()).isEqualTo(16);
        assertThat(quotas.maxSignatureChecks()).isEqualTo(100);
    }

    @Test
    void theUdpSocketBuffersAndBatchesAreTheAdminsToSet() {
        assertThat(parse(Map.of()).udp()).isEqualTo(UdpSocketOptions.defaults());

        CloudServerSettings settings = parse(
                Map.of("P2PCAM_UDP_SEND_BUFFER", "1024"),
                "--udp-receive-buffer",
                "8192",
                "--udp-datagrams-per-call",
                "64",
                "--udp-datagrams-per-wakeup",
                "256");

        assertThat(settings.udp()).isEqualTo(new UdpSocketOptions(8192 * 1024, 1024 * 1024, 64, 256));
    }

    @Test
    void whatDrivesTheUdpSocketsIsTheAdminsToChoose() {
        assertThat(parse(Map.of(), "--udp-io", "netty").udpIo()).isEqualTo(UdpIo.NETTY);
        assertThat(parse(Map.of("P2PCAM_UDP_IO", "NATIVE")).udpIo()).isEqualTo(UdpIo.NATIVE);

        int exit = run(Map.of(), "--udp-io", "uring");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .hasValueSatisfying(line -> assertThat(line)
                        .startsWith("p2pcam-cloud: ")
                        .contains("--udp-io")
                        .contains("'uring' is neither native nor netty"));
    }

    @Test
    void aWakeupBudgetBelowOneReadCallIsRefusedInOneLine() {
        int exit = run(Map.of(), "--udp-datagrams-per-call", "64", "--udp-datagrams-per-wakeup", "32");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .hasValue("p2pcam-cloud: --udp-datagrams-per-wakeup must be at least --udp-datagrams-per-call (64) "
                        + "and at most 65536, not 32");
    }

    @Test
    void partyCapsThatShrinkWithThePrefixAreRefusedInOneLine() {
        int exit = run(Map.of(), "--registrations-per-party", "100,50,200");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines().findFirst())
                .hasValue("p2pcam-cloud: --registrations-per-party must be three whole numbers with "
                        + "1 <= per address <= per /56 <= per /48, not 100,50,200");
    }

    @Test
    void flagsBeatTheEnvironmentWhichBeatsTheConfigFileWhichBeatsTheDefaults() throws Exception {
        Path file = config("udp-port=1111\nhttp-port=2222\nkeepalive=30\nbind=127.0.0.1\n");
        Map<String, String> environment = Map.of("P2PCAM_HTTP_PORT", "3333", "P2PCAM_KEEPALIVE", "40");

        CloudServerSettings settings = parse(environment, "--config", file.toString(), "--keepalive", "50");

        assertThat(settings.udpPort()).as("from the file").isEqualTo(1111);
        assertThat(settings.bindAddress()).as("from the file").isEqualTo(InetAddress.getLoopbackAddress());
        assertThat(settings.httpPort()).as("from the environment").isEqualTo(3333);
        assertThat(settings.cloud().keepaliveInterval()).as("from the flag").isEqualTo(Duration.ofSeconds(50));
        assertThat(settings.cloud().maxCameras()).as("the default").isEqualTo(2_000_000);
    }

    @Test
    void theConfigFileMayBeNamedInTheEnvironment() throws Exception {
        Path file = config("register-rate=5\nrequest-rate=2\nconnect-timeout=1.5\nmax-cameras=1000\n");

        CloudServerSettings settings = parse(Map.of("P2PCAM_CONFIG", file.toString()));

        assertThat(settings.cloud().registrationRate().perSecond()).isEqualTo(5);
        assertThat(settings.cloud().registrationRate().burst()).isEqualTo(15);
        assertThat(settings.cloud().requestRate().burst()).isEqualTo(6);
        assertThat(settings.cloud().connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.cloud().maxCameras()).isEqualTo(1000);
    }

    @Test
    void anUnknownKeyInTheConfigFileIsAnError() throws Exception {
        Path file = config("udp_port=1111\n");

        assertThat(run(Map.of(), "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown key udp_port in config file");
    }

    @Test
    void aMissingConfigFileIsAnError() {
        assertThat(run(
                        Map.of(),
                        "--config",
                        directory.resolve("absent.properties").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("cannot read config file");
    }

    @Test
    void aConfigFileThatIsNotTextIsAnErrorNotSilentlyIgnored() throws Exception {
        // One stray byte used to make the whole file contribute nothing: the server started on its
        // defaults (port 32100) although the file said otherwise.
        Path file = directory.resolve("cloud.properties");
        Files.write(file, new byte[] {'u', 'd', 'p', '-', 'p', 'o', 'r', 't', '=', '0', '\n', (byte) 0xff, '\n'});

        assertThat(runBounded("--config", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .isEqualTo("p2pcam-cloud: cannot read config file " + file
                        + ": not text (damaged, or another kind of file)");
    }

    @Test
    void aConfigFileThatIsADirectoryIsAnError() {
        assertThat(runBounded("--config", directory.toString())).isEqualTo(2);
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .isEqualTo("p2pcam-cloud: cannot read config file " + directory + ": it is a directory");
    }

    @Test
    void aStateDirectoryThatIsAFileIsAnError() throws Exception {
        Path file = Files.writeString(directory.resolve("state"), "x");

        assertThat(runBounded("--state-dir", file.toString())).isEqualTo(2);
        assertThat(err.toString().lines().findFirst().orElseThrow())
                .isEqualTo("p2pcam-cloud: --state-dir " + file + " is not a directory");
    }

    @Test
    void aStateFileThatIsNotTextStopsTheStartWithOneLineNamingItAndWhatToDo() throws Exception {
        for (String name : List.of("pass-secret", "ticket-keys")) {
            Path state = Files.createDirectories(directory.resolve("not-text-" + name));
            Path damaged = Files.write(state.resolve(name), new byte[] {'#', (byte) 0xff, '\n'});
            err.getBuffer().setLength(0);

            assertThat(startWithState(state)).isEqualTo(1);
            assertThat(err.toString().lines())
                    .singleElement(as(InstanceOfAssertFactories.STRING))
                    .startsWith(
                            "p2pcam-cloud: cannot use " + damaged + ": not text (damaged, or another kind of file); ")
                    .contains("move it away");
            assertThat(Files.readAllBytes(damaged)).as("kept for its owner").hasSize(3);
        }
    }

    @Test
    void aStateFileThatIsADirectoryStopsTheStartWithOneLine() throws Exception {
        Path state = Files.createDirectories(directory.resolve("state"));
        Path inTheWay = Files.createDirectory(state.resolve("ticket-keys"));

        assertThat(startWithState(state)).isEqualTo(1);
        assertThat(err.toString().lines())
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("p2pcam-cloud: cannot use " + inTheWay + ": it is a directory; ");
    }

    @Test
    void aPassSecretFileWithoutASecretStopsTheStartWithOneLine() throws Exception {
        Path state = Files.createDirectories(directory.resolve("state"));
        Path empty = Files.writeString(state.resolve("pass-secret"), "# nothing\n");

        assertThat(startWithState(state)).isEqualTo(1);
        assertThat(err.toString().lines())
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .startsWith("p2pcam-cloud: cannot use " + empty + ": it holds no secret; ");
    }

    private int startWithState(Path state) {
        return runBounded("--state-dir", state.toString());
    }

    /** Runs the command on loopback and free ports, and gives up if it starts serving instead of failing. */
    private int runBounded(String... args) {
        List<String> all = new ArrayList<>(
                List.of("--bind", "127.0.0.1", "--udp-port", "0", "--tcp-port", "off", "--http-port", "-1"));
        all.addAll(List.of(args));
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> run(Map.of(), all.toArray(String[]::new)));
    }

    @Test
    void aUdpPortInUseGivesOneLineAndExitCode1() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            int port = taken.getLocalPort();

            int exit = assertTimeoutPreemptively(
                    Duration.ofSeconds(10),
                    () -> run(
                            Map.of(), "--bind", "127.0.0.1", "--udp-port", String.valueOf(port), "--http-port", "-1"));

            assertThat(exit).isEqualTo(1);
            assertThat(err.toString().lines())
                    .containsExactly("p2pcam-cloud: UDP port " + port + " on 127.0.0.1 is already in use");
        }
    }

    @Test
    void helpFormatsWithoutAPicocliWarning() {
        // A bare '%' in a description is a format error: picocli warns on System.err and prints it raw.
        String warnings = StandardError.writtenDuring(() -> renderEveryUsage(CloudServerCommand.commandLine(Map.of())));

        assertThat(warnings).doesNotContain("[picocli WARN]");
    }

    @Test
    void anArgumentItDoesNotTakeOrAMisspelledOptionIsSaidInWordsNotInPicocliJargon() {
        // Was "Unmatched argument at index 0: 'start'" and "Unknown options: '--udp-prot', '5'".
        assertThat(run(Map.of(), "start")).isEqualTo(2);
        assertThat(err.toString()).startsWith("p2pcam-cloud: unexpected argument 'start' (it takes options only)\n");
        err.getBuffer().setLength(0);

        assertThat(run(Map.of(), "--udp-prot", "5")).isEqualTo(2);
        assertThat(err.toString()).startsWith("p2pcam-cloud: unknown option '--udp-prot' (did you mean --udp-port?)\n");
        err.getBuffer().setLength(0);

        // The unknown option first, though a value after it cannot be read either.
        assertThat(run(Map.of(), "--bogus", "--udp-port", "many")).isEqualTo(2);
        assertThat(err.toString()).startsWith("p2pcam-cloud: unknown option '--bogus'\n");
    }

    /** Renders the usage help of {@code commandLine} and of every subcommand under it. */
    private static void renderEveryUsage(CommandLine commandLine) {
        commandLine.getUsageMessage();
        commandLine.getSubcommands().values().forEach(CloudServerCommandTest::renderEveryUsage);
    }

    private int run(Map<String, String> environment, String... args) {
        CommandLine commandLine = CloudServerCommand.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void theShippedConfigFileSetsEveryDefaultAndNothingElse() {
        Path shipped = Path.of("..", "installers", "src", "cloud", "conf", "cloud.properties");
        CloudServerSettings settings = parse(Map.of(), "--config", shipped.toString());
        assertThat(settings).isEqualTo(CloudServerSettings.defaults());
    }

    private static CloudServerSettings parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = CloudServerCommand.commandLine(environment);
        commandLine.parseArgs(args);
        return commandLine.<CloudServerCommand>getCommand().settings();
    }

    private Path config(String properties) throws Exception {
        Path file = directory.resolve("cloud.properties");
        Files.writeString(file, properties);
        return file;
    }
}
