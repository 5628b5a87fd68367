package io.p2pcam.cloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.cloud.core.ClusterLimits;
import io.p2pcam.cloud.server.ClusterSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The limits of a cluster node's use of Redis as flags: defaults, raised values, and one-line errors. */
class ClusterOptionsTest {
    private static final String[] CLUSTER = {"--cluster", "redis://10.0.0.5:6379", "--node-address", "203.0.113.10:1"};

    private final StringWriter err = new StringWriter();

    @Test
    void aNodeGivenNoLimitsKeepsTheDefaults() {
        assertThat(parse(Map.of()).limits()).isEqualTo(ClusterLimits.defaults());
        assertThat(ClusterLimits.defaults())
                .isEqualTo(new ClusterLimits(
                        new RateLimit(1_000, 2_000), new RateLimit(1_000, 2_000), 20_000, 16_384, 65_536));
    }

    @Test
    void anAdminOfABiggerNodeRaisesEveryLimitByFlagOrEnvironment() {
        ClusterSettings settings = parse(
                Map.of("P2PCAM_CLUSTER_REDIS_QUEUE", "400000"),
                "--cluster-registry-reads",
                "5000, 10000",
                "--cluster-hand-overs",
                "4000,8000",
                "--cluster-republish-rate",
                "100000",
                "--cluster-writes-waiting",
                "131072");
        assertThat(settings.limits())
                .isEqualTo(new ClusterLimits(
                        new RateLimit(5_000, 10_000), new RateLimit(4_000, 8_000), 100_000, 131_072, 400_000));
    }

    @Test
    void badLimitsAreRefusedInOneLineNamingTheFlag() {
        assertThat(refusal("--cluster-registry-reads", "1000"))
                .isEqualTo("p2pcam-cloud: --cluster-registry-reads must be PER_SECOND,BURST: two whole numbers of "
                        + "at least 1, not 1000");
        assertThat(refusal("--cluster-hand-overs", "0,10"))
                .isEqualTo("p2pcam-cloud: --cluster-hand-overs must be PER_SECOND,BURST: two whole numbers of "
                        + "at least 1, not 0,10");
        assertThat(refusal("--cluster-republish-rate", "9"))
                .isEqualTo("p2pcam-cloud: --cluster-republish-rate must be at least 10 writes a second, not 9");
        assertThat(refusal("--cluster-writes-waiting", "0"))
                .isEqualTo("p2pcam-cloud: --cluster-writes-waiting must be at least 1, not 0");
        assertThat(refusal("--cluster-redis-queue", "32768"))
                .isEqualTo(
                        "p2pcam-cloud: --cluster-redis-queue must be more than twice --cluster-writes-waiting "
                                + "(32768: camera writes may fill half of it, reads, messages and the heartbeat need the rest), not 32768");
    }

    private String refusal(String option, String value) {
        CommandLine commandLine = CloudServerCommand.commandLine(Map.of());
        commandLine.setErr(new PrintWriter(err, true));
        String[] args =
                Stream.concat(Stream.of(CLUSTER), Stream.of(option, value)).toArray(String[]::new);
        assertThat(commandLine.execute(args))
                .as("exit code for %s %s", option, value)
                .isEqualTo(2);
        String first = err.toString().lines().findFirst().orElseThrow();
        err.getBuffer().setLength(0);
        return first;
    }

    private static ClusterSettings parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = CloudServerCommand.commandLine(environment);
        commandLine.parseArgs(Stream.concat(Stream.of(CLUSTER), Stream.of(args)).toArray(String[]::new));
        return commandLine.<CloudServerCommand>getCommand().clusterSettings();
    }
}
