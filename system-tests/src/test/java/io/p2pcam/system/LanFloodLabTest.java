package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decision 0063's per-source limits end to end, with real source addresses: a LAN of network
 * namespaces ({@link BridgedLan}, needs root; skipped otherwise) joins a viewer (`probe`, the
 * viewer's real LAN browser), a real camera emulator and three forgers ({@link MdnsForger}), each
 * on its own address, flooding forged announcements over real multicast 224.0.0.251:5353: fresh
 * made-up cameras at made-up addresses, and claims of the real camera's ID at the forger's address.
 * Each forger's address holds at most 8 of the list's places, the rest is counted as ignored, and
 * the camera looked for is found and connected to directly over the LAN while the flood goes on.
 * A camera nobody looks for is listed during the flood too (its resolution's turn is shared per
 * source), and the probe reaches the camera though its ID is claimed elsewhere (it tries the ID's
 * instances in turn): findings of this lab that unit tests missed (decision 0072's amendment).
 */
@Tag("realtime")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LanFloodLabTest {
    private static final String PASSWORD = "lan-flood-passphrase-42";
    /** LanFinds.MAX_PER_SOURCE: a stranger source's places in the list (decision 0063). */
    private static final int PER_SOURCE = 8;

    private static final List<String> FORGERS = List.of("forger-a", "forger-b", "forger-c");

    @TempDir
    static Path state;

    private static BridgedLan lan;
    private static final List<Process> STARTED = new ArrayList<>();
    private static String viewer;
    private static String id;

    /** The LAN, the camera announcing on it and the forgers flooding it, for every test here. */
    @BeforeAll
    static void floodTheLan() throws Exception {
        assumeTrue(isRoot(), "network namespaces need root; CI runs the system tests as root");
        assumeTrue(
                Files.exists(JarProcesses.CAMERA_JAR) && Files.exists(JarProcesses.VIEWER_JAR),
                "the shaded jars are built first");
        lan = BridgedLan.create(
                "p2f" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + "-");
        viewer = lan.member("viewer", 2);
        String camera = lan.member("camera", 3);
        id = JarProcesses.cameraId(state);
        Files.writeString(state.resolve("password"), PASSWORD);
        Path cameraLog = state.resolve("camera.log");
        STARTED.add(start(
                camera,
                cameraLog,
                JarProcesses.command(
                        "-jar",
                        JarProcesses.CAMERA_JAR.toString(),
                        "run",
                        "--state-dir",
                        state.toString(),
                        "--cloud",
                        "127.0.0.1:9", // no cloud on this LAN: the viewer finds the camera by mDNS
                        "--password-file",
                        state.resolve("password").toString(),
                        "--size",
                        "320x240",
                        "--fps",
                        "15",
                        "--name",
                        "Lab porch")));
        List<Path> forgerLogs = new ArrayList<>();
        for (int i = 0; i < FORGERS.size(); i++) {
            String forger = lan.member(FORGERS.get(i), 11 + i);
            Path log = state.resolve(FORGERS.get(i) + ".log");
            forgerLogs.add(log);
            STARTED.add(start(
                    forger,
                    log,
                    JarProcesses.command(
                            "-cp", System.getProperty("java.class.path"), MdnsForger.class.getName(), FORGERS.get(i))));
        }
        Eventually.await(
                "the forgers flooding and the camera announced",
                Duration.ofSeconds(30),
                () -> forgerLogs.stream().allMatch(log -> JarProcesses.read(log).contains("forging"))
                        && JarProcesses.read(cameraLog).contains("announced on the LAN"));
    }

    @AfterAll
    static void tearDown() throws IOException, InterruptedException {
        try {
            for (Process process : STARTED) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            STARTED.clear();
        } finally {
            if (lan != null) {
                lan.close(); // also ends what still runs in its namespaces
            }
        }
    }

    @Test
    @Order(1)
    void eachForgersAddressHoldsAtMostItsShareOfTheListAndTheRestIsCountedAsIgnored() throws Exception {
        List<JsonNode> lines = discover();
        Map<String, Integer> listedPerForger = new HashMap<>();
        for (JsonNode line : lines) {
            String name = line.path("name").asText();
            FORGERS.stream()
                    .filter(forger -> name.startsWith(forger + " "))
                    .forEach(forger -> listedPerForger.merge(forger, 1, Integer::sum));
        }

        for (String forger : FORGERS) {
            assertThat(listedPerForger.getOrDefault(forger, 0))
                    .as(forger + "'s announcements listed, from its one address")
                    .isBetween(1, PER_SOURCE);
        }
        assertThat(lines)
                .as("the announcements not listed, counted")
                .anySatisfy(line ->
                        assertThat(line.path("ignoredAnnouncements").asLong()).isGreaterThan(0));
        assertThat(STARTED).as("the camera and the forgers still running").allMatch(Process::isAlive);
    }

    @Test
    @Order(2)
    void theRealCameraIsListedDuringTheFloodThoughNobodyLooksForIt() throws Exception {
        assertThat(discover()).as("the real camera, listed during the flood").anySatisfy(line -> {
            assertThat(line.path("id").asText()).isEqualTo(id);
            assertThat(line.path("name").asText()).isEqualTo("Lab porch");
            assertThat(line.path("addresses").toString()).contains("198.18.0.3");
        });
    }

    @Test
    @Order(3)
    void theRealCameraLookedForIsReachedDirectlyOnTheLanDuringTheFlood() throws Exception {
        assertReachedOnTheLan();
    }

    /**
     * A fourth forger claims the camera's ID, 4 instances at its own address where nothing answers
     * (as many as the ID has places of its own), besides its own flood; the camera's instance is
     * among those held for the ID (0063: the first 4 claims heard are kept, a later one replaces
     * only a claim tried and failed), so tried in turn the camera is reached.
     */
    @Test
    @Order(4)
    void theRealCameraLookedForIsReachedDirectlyOnTheLanWhileItsIdIsClaimedElsewhere() throws Exception {
        String claimer = lan.member("claimer", 14);
        Path log = state.resolve("claimer.log");
        STARTED.add(start(
                claimer,
                log,
                JarProcesses.command(
                        "-cp", System.getProperty("java.class.path"), MdnsForger.class.getName(), "claimer", id)));
        Eventually.await(
                "the claimer flooding",
                Duration.ofSeconds(20),
                () -> JarProcesses.read(log).contains("forging"));

        assertReachedOnTheLan();
    }

    private static void assertReachedOnTheLan() throws IOException, InterruptedException {
        String probe = runIn(
                viewer,
                "probe",
                "--camera",
                id,
                "--lan",
                "--password",
                PASSWORD,
                "--frames",
                "30",
                "--timeout",
                "30",
                "--discover-time",
                "10");

        JsonNode reached = JarProcesses.lastJsonLine(probe);
        assertThat(reached.path("rendezvous").asText()).as(probe).isEqualTo("lan");
        assertThat(reached.path("path").asText()).isEqualTo("lan");
        assertThat(reached.path("frames").asInt()).isEqualTo(30);
        assertThat(STARTED)
                .as("the forgers still flooding when the camera was reached")
                .allMatch(Process::isAlive);
    }

    /** `probe --discover` in the viewer's namespace, its lines as JSON. */
    private static List<JsonNode> discover() throws IOException, InterruptedException {
        String discovered = runIn(viewer, "probe", "--discover", "--discover-time", "6");
        System.out.printf("probe --discover during the flood:%n%s%n", discovered);
        return discovered.strip().lines().map(JarProcesses::lastJsonLine).toList();
    }

    private static Process start(String namespace, Path log, List<String> command) throws IOException {
        return new ProcessBuilder(BridgedLan.in(namespace, command))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Runs the viewer's jar with {@code args} in {@code namespace} to its end; returns its stdout. */
    private static String runIn(String namespace, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("-jar", JarProcesses.VIEWER_JAR.toString()));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(state, "probe-", ".log");
        Process process = new ProcessBuilder(
                        BridgedLan.in(namespace, JarProcesses.command(command.toArray(String[]::new))))
                .redirectError(err.toFile())
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " took over 60 s");
        }
        System.out.printf("%s: its log%n%s%n", String.join(" ", args), Files.readString(err, StandardCharsets.UTF_8));
        return out;
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        id.waitFor();
        return uid.equals("0");
    }
}
