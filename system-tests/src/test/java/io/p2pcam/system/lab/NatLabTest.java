package io.p2pcam.system.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The CI subset of the NAT lab (lab/natlab.sh): real kernel NATs in network namespaces, the
 * cloud, camera and probe as separate processes (the shaded jars, built earlier in the reactor).
 * Every profile's mapping and filtering is measured first; then representative pairs must
 * connect over the path the NAT types allow. Skipped, with the reason, when not run as root.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("realtime")
class NatLabTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path SCRIPT = ROOT.resolve("lab/natlab.sh");
    private static final Path LOGS = ROOT.resolve("system-tests/target/natlab");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exit, List<String> lines) {}

    @BeforeAll
    static void buildTheLab() throws Exception {
        assumeThat(isRoot())
                .as("the NAT lab needs root (network namespaces, nftables); CI runs it as root")
                .isTrue();
        for (String tool : List.of("ip", "nft", "conntrack")) {
            assertThat(onPath(tool))
                    .as(tool + " is missing: ./p2pcam test installs iproute2, nftables and conntrack")
                    .isTrue();
        }
        assertThat(run(60, "up").exit()).as("lab/natlab.sh up").isZero();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (isRoot()) {
            run(60, "down");
        }
    }

    @Test
    @Order(1)
    void everyProfileMeasuresAsItsNatTypeBeforeAnyResultIsTrusted() throws Exception {
        Run check = run(180, "check");

        assertThat(check.lines()).as("self-check output").hasSize(16).allMatch(line -> line.endsWith(" ok"));
        assertThat(check.exit()).isZero();
        assertThat(check.lines())
                .anyMatch(line -> line.startsWith("c-hard ") && line.contains("mapping=EDM"))
                .anyMatch(line -> line.startsWith("v-easy-adf ") && line.contains("filtering=ADF"))
                .anyMatch(line -> line.startsWith("c-udp-blocked ") && line.contains("udp=blocked"));
    }

    @Test
    @Order(2)
    void representativePairsConnectOverThePathTheirNatsAllow() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("easy:easy", "direct");
        expected.put("easy:same-lan", "lan");
        expected.put("hard:same-lan", "lan");
        expected.put("full-cone:hard", "direct");
        expected.put("cgnat:cgnat", "direct");
        expected.put("public:easy-adf", "direct");
        expected.put("public:public", "direct");
        expected.put("hard:hard", "relay"); // the lab's cloud runs with --relay, TCP as by default
        expected.put("udp-blocked:easy", "relay"); // the camera reaches the cloud and relay over TCP only
        // A viewer on a UDP-blocked network, against a cloud with TCP as started by default
        // (on the UDP port's number, no --tcp-port): over TCP to the cloud and the relay.
        expected.put("easy:udp-blocked", "relay");

        Run pairs = run(300, expected.keySet().toArray(String[]::new));

        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (String line : pairs.lines()) {
            String[] cells = line.split("\t", 3);
            if (cells.length == 3) {
                results.put(cells[0] + ":" + cells[1], JSON.readTree(cells[2]));
            }
        }
        assertThat(results).containsOnlyKeys(expected.keySet());
        expected.forEach((pair, path) -> {
            JsonNode result = results.get(pair);
            assertThat(result.path("path").asText()).as(pair + " " + result).isEqualTo(path);
            // A viewer whose UDP is blocked first learns that (3 unanswered sends over >= 1.4 s, the
            // last for 400 ms, then TCP: its lookup took 2.4-2.5 s here, 2.6 s with the 400 ms), so
            // its budget starts later.
            long budget = pair.endsWith(":udp-blocked") ? 3_000 + 2_500 : 3_000;
            assertThat(result.path("pathMs").asLong())
                    .as(pair + " time to a working path")
                    .isLessThan(budget);
            assertThat(result.path("corruptFrames").asLong())
                    .as(pair + " corrupt frames")
                    .isZero();
        });
    }

    @Test
    @Order(3)
    void aDirectStreamOutlivesTheCloudAndTheCameraRegistersAgainSoonAfterItReturns() throws Exception {
        Run run = run(120, "survive", "cloud-restart", "easy", "easy");

        String[] cells = run.lines().getLast().split("\t");
        JsonNode probe = JSON.readTree(cells[3]);
        assertThat(probe.path("frames").asInt()).as(run.lines().getLast()).isEqualTo(300);
        assertThat(probe.path("droppedFrames").asLong())
                .as("frames lost while the cloud was away")
                .isZero();
        assertThat(cells[2]).matches(".*reregisterAfterReturnMs=\\d+");
        long reregister = Long.parseLong(cells[2].replaceAll(".*reregisterAfterReturnMs=", ""));
        // Counted from when the cloud listens again (natlab.sh waits for its log line; it counted
        // from the cloud's launch before, 2.5-2.7 s then on a quiet machine, ~1.6 s of which was
        // the cloud's own start). PROTOCOL.md §4.6 bounds it at 7 s (the last HELLO's wait plus
        // the longest backoff step).
        assertThat(reregister)
                .as("camera registered again after the cloud came back (ms)")
                .isLessThanOrEqualTo(7_000);
    }

    @Test
    @Order(4)
    void aStreamRecoversWithinThreeSecondsWhenTheNatsForgetEveryMapping() throws Exception {
        // easy/easy measured 0.5 s here; hard NATs take ~2.6 s (docs/BENCHMARKS.md): too close to 3 s for CI.
        Run run = run(120, "survive", "flush", "easy", "easy");

        JsonNode probe = JSON.readTree(run.lines().getLast().split("\t")[3]);
        assertThat(probe.path("frames").asInt()).as(run.lines().getLast()).isEqualTo(300);
        assertThat(run.lines().getLast()).contains("natsFlushed=2");
        assertThat(probe.path("maxFrameGapMs").asLong())
                .as("longest gap between frames (ms)")
                .isLessThanOrEqualTo(3_000);
    }

    @Test
    @Order(5)
    void aViewerOnTheCamerasLanWithNoInternetFindsItByMdnsAndSaysWhyWhenMdnsIsBlocked() throws Exception {
        Run offline = run(120, "lan", "no-internet", "easy");

        JsonNode direct = JSON.readTree(offline.lines().getLast().split("\t")[3]);
        assertThat(direct.path("rendezvous").asText())
                .as(offline.lines().getLast())
                .isEqualTo("lan");
        assertThat(direct.path("path").asText()).isEqualTo("lan");
        assertThat(direct.path("corruptFrames").asLong()).isZero();

        Run blocked = run(120, "lan", "mdns-blocked", "easy");

        JsonNode notFound = JSON.readTree(blocked.lines().getLast().split("\t")[3]);
        assertThat(notFound.path("error").asText())
                .as(blocked.lines().getLast())
                .isEqualTo("TIMEOUT");
        assertThat(notFound.path("message").asText())
                .contains("the cloud never answered")
                .contains("no mDNS answer")
                .contains("UDP 5353 blocked");
    }

    private static Run run(int timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        if (args.length > 0 && args[0].contains(":")) {
            command.add("pairs");
        }
        command.addAll(List.of(args));
        Files.createDirectories(LOGS);
        Path stdout = LOGS.resolve("natlab-stdout.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(LOGS.resolve("natlab-stderr.log").toFile());
        builder.environment().put("NATLAB_LOGS", LOGS.toString());
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly); // the lab's cloud, camera and probe
            process.destroyForcibly();
            throw new AssertionError("natlab " + String.join(" ", args) + " took over " + timeoutSeconds + " s");
        }
        String out = Files.readString(stdout, StandardCharsets.UTF_8);
        System.out.print(out); // the test report keeps what the lab measured
        return new Run(
                process.exitValue(), out.lines().filter(line -> !line.isBlank()).toList());
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        id.waitFor();
        return uid.equals("0");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}
