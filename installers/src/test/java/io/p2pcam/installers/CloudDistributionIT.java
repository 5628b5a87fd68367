package io.p2pcam.installers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cloud distribution as an admin gets it: unpacked with tar, its systemd unit checked by
 * systemd itself, and the commands of the unit and of the Dockerfile run as they are written
 * (with /opt/p2pcam-cloud standing for the unpacked folder; these machines have no Docker daemon
 * and no systemd as PID 1, so nothing else can run the image or the unit here).
 */
class CloudDistributionIT {
    private static final String INSTALL_DIR = "/opt/p2pcam-cloud";
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    static Path unpacked;

    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = Distributions.unpack(Distributions.cloudArchive(), unpacked);
    }

    @Test
    void theArchiveHoldsLauncherJarConfigUnitDockerfileAndGuide() {
        for (String file : List.of("bin/p2pcam-cloud", "bin/p2pcam-cloud-healthcheck", "bin/p2pcam-java")) {
            assertThat(home.resolve(file)).isRegularFile().isExecutable();
        }
        for (String file : List.of(
                "lib/cloud-server.jar",
                "conf/cloud.properties",
                "conf/cluster-node.properties.example",
                "systemd/p2pcam-cloud.service",
                "Dockerfile",
                ".dockerignore",
                "ADMIN.md",
                "LICENSE")) {
            assertThat(home.resolve(file)).isRegularFile();
        }
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        Path unit = unitPointingAtTheUnpackedFolder();
        ProcessResult verify = run(List.of("systemd-analyze", "verify", unit.toString()), Map.of());
        assertThat(verify.exit()).as("%s", verify).isZero();
        assertThat(verify.stdout() + verify.stderr()).as("warnings").isBlank();
    }

    @Test
    void theUnitsHardeningIsRatedOkBySystemd() throws Exception {
        Path unit = unitPointingAtTheUnpackedFolder();
        // The threshold is the exposure score times ten: fail above 2.0 (systemd calls up to 3.9 "OK").
        ProcessResult security = run(
                List.of("systemd-analyze", "security", "--offline=yes", "--threshold=20", unit.toString()), Map.of());
        assertThat(security.exit()).as("%s", security).isZero();
        assertThat(security.stdout())
                .contains("Overall exposure level for p2pcam-cloud.service")
                .contains("OK");
    }

    @Test
    void theUnitsCommandServesHealthAndMetricsFromTheExampleConfigAsAnUnprivilegedUser() throws Exception {
        String unit = Files.readString(home.resolve("systemd/p2pcam-cloud.service"));
        assertThat(unit)
                .contains(
                        "\nRestart=on-failure\n",
                        "\nDynamicUser=yes\n",
                        "\nNoNewPrivileges=yes\n",
                        "\nProtectSystem=strict\n",
                        "\nCapabilityBoundingSet=\n",
                        "\nSuccessExitStatus=143\n");
        List<String> command = new ArrayList<>(unprivileged(65534));
        for (String word : directive(unit, "ExecStart").split(" ")) {
            command.add(word.replace(INSTALL_DIR, home.toString())
                    .replace(
                            "/etc/p2pcam/cloud.properties",
                            home.resolve("conf/cloud.properties").toString()));
        }
        int httpPort = Distributions.freeTcpPort();
        // The example config sets the default ports; the environment beats the file, as documented.
        Map<String, String> environment = Map.of(
                "P2PCAM_UDP_PORT",
                String.valueOf(Distributions.freeUdpPort()),
                "P2PCAM_HTTP_PORT",
                String.valueOf(httpPort));
        try (RunningProcess server =
                RunningProcess.start(command, environment, httpPort).awaitHealthy(START)) {
            assertThat(server.get("/healthz").body()).isEqualTo("ok\n");
            assertThat(server.get("/metrics").body())
                    .contains("\np2pcam_cameras_online 0\n", "p2pcam_drops_total{reason=\"bad_signature\"} 0");
            ProcessResult health =
                    run(List.of(home.resolve("bin/p2pcam-cloud-healthcheck").toString()), environment);
            assertThat(health.exit()).as("%s", health).isZero();
            // SIGTERM (systemctl stop) ends it cleanly with 143, which the unit counts as success.
            assertThat(server.stop()).as("exit code after SIGTERM").isEqualTo(143);
            assertThat(server.output())
                    .contains("p2pcam cloud listening on udp")
                    .contains("stopped");
        }
        ProcessResult afterStop =
                run(List.of(home.resolve("bin/p2pcam-cloud-healthcheck").toString()), environment);
        assertThat(afterStop.exit()).isEqualTo(1);
        assertThat(afterStop.stderr()).contains("unhealthy");
    }

    @Test
    void theUnitsCommandRunsOnAReadOnlySystemWithAnEmptyPrivateTmp() throws Exception {
        assumeTrue(Distributions.runningAsRoot(), "needs root for a mount namespace");
        // As ProtectSystem=strict and PrivateTmp=yes leave it: / read-only, /tmp a fresh empty tmpfs
        // (so the distribution is unpacked outside /tmp). Netty must still get its epoll library.
        // A clone under /tmp (CI's may be) would vanish under the fresh /tmp: unpack elsewhere then.
        Path outsideTmp = Distributions.target().toAbsolutePath().startsWith("/tmp")
                ? Files.createDirectories(Path.of("/var/tmp/p2pcam-it-read-only"))
                : Files.createDirectories(Distributions.target().resolve("it-read-only"));
        Path readOnlyHome =
                Distributions.unpack(Distributions.cloudArchive(), Files.createTempDirectory(outsideTmp, "cloud"));
        List<String> command = new ArrayList<>(List.of(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                "mount -t tmpfs -o mode=1777 tmpfs /tmp && mount -o remount,bind,ro / && exec \"$@\"",
                "sh"));
        command.addAll(unprivileged(65534));
        command.addAll(List.of(
                readOnlyHome.resolve("bin/p2pcam-cloud").toString(),
                "--config",
                readOnlyHome.resolve("conf/cloud.properties").toString()));
        int httpPort = Distributions.freeTcpPort();
        Map<String, String> environment = Map.of(
                "P2PCAM_UDP_PORT",
                String.valueOf(Distributions.freeUdpPort()),
                "P2PCAM_HTTP_PORT",
                String.valueOf(httpPort));
        try (RunningProcess server =
                RunningProcess.start(command, environment, httpPort).awaitHealthy(START)) {
            assertThat(server.get("/metrics").body()).contains("p2pcam_transport{type=\"native\"} 1");
            assertThat(server.stop()).isEqualTo(143);
        }
    }

    @Test
    void theContainersEntrypointAndHealthcheckRunAsTheDockerfileSays() throws Exception {
        String dockerfile = Files.readString(home.resolve("Dockerfile"));
        assertThat(dockerfile)
                .contains(
                        "FROM eclipse-temurin:25-jre", "COPY . " + INSTALL_DIR, "EXPOSE 32100/udp 32100/tcp 32180/tcp");
        Map<String, String> imageEnvironment = dockerEnvironment(dockerfile);
        assertThat(imageEnvironment)
                .containsEntry("P2PCAM_UDP_PORT", "32100")
                .containsEntry("P2PCAM_HTTP_PORT", "32180")
                .containsEntry("P2PCAM_HTTP_BIND", "0.0.0.0");
        String user = directive(dockerfile, "USER");
        assertThat(user).doesNotStartWith("0").doesNotStartWith("root");

        List<String> entrypoint = new ArrayList<>(unprivileged(Integer.parseInt(user.split(":")[0])));
        entrypoint.addAll(execForm(directive(dockerfile, "ENTRYPOINT")));
        Matcher healthcheck =
                Pattern.compile("HEALTHCHECK [^\\n]*\\\\\\n\\s*CMD (\\[.*])").matcher(dockerfile);
        assertThat(healthcheck.find())
                .as("HEALTHCHECK ... CMD [...] in the Dockerfile")
                .isTrue();
        List<String> healthCommand = execForm(healthcheck.group(1));

        // As `docker run -e` would: the image's environment, with ports free on this machine.
        Map<String, String> environment = new HashMap<>(imageEnvironment);
        int httpPort = Distributions.freeTcpPort();
        environment.put("P2PCAM_UDP_PORT", String.valueOf(Distributions.freeUdpPort()));
        environment.put("P2PCAM_HTTP_PORT", String.valueOf(httpPort));
        try (RunningProcess server =
                RunningProcess.start(entrypoint, environment, httpPort).awaitHealthy(START)) {
            ProcessResult health = run(healthCommand, environment);
            assertThat(health.exit()).as("%s", health).isZero();
            assertThat(health.stdout()).isEqualTo("healthy\n");
            assertThat(server.stop()).isEqualTo(143);
        }
        assertThat(run(healthCommand, environment).exit()).isEqualTo(1);
    }

    @Test
    void theLauncherRefusesAnOlderJavaAndSaysWhatItNeeds() throws Exception {
        Path oldJava = olderJava();
        assumeTrue(oldJava != null, "no Java older than 25 on this machine to try");
        ProcessResult result = run(
                List.of(home.resolve("bin/p2pcam-cloud").toString(), "--version"),
                Map.of("P2PCAM_JAVA", oldJava.toString()));
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.stderr()).contains("P2PCAM_JAVA=" + oldJava).contains("is not a Java 25 or newer");
    }

    @Test
    void theLauncherFindsAJava25ByItself() throws Exception {
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", "");
        environment.put("P2PCAM_JAVA", "");
        ProcessResult result = run(List.of(home.resolve("bin/p2pcam-cloud").toString(), "--version"), environment);
        assertThat(result.exit()).as("%s", result).isZero();
        assertThat(result.stdout()).contains(Distributions.version());
    }

    // --- helpers

    /** The unit as installed, but with its program where this test unpacked it (verify checks it exists). */
    private static Path unitPointingAtTheUnpackedFolder() throws IOException {
        Path dir = Files.createDirectories(unpacked.resolve("units"));
        Path unit = dir.resolve("p2pcam-cloud.service");
        Files.writeString(
                unit,
                Files.readString(home.resolve("systemd/p2pcam-cloud.service"))
                        .replace(INSTALL_DIR + "/bin/", home.resolve("bin") + "/"));
        return unit;
    }

    /** Drops root as the unit (DynamicUser, no capabilities, NoNewPrivileges) and the image (USER) do. */
    private static List<String> unprivileged(int uid) {
        if (!Distributions.runningAsRoot()) {
            return List.of();
        }
        return List.of(
                "setpriv",
                "--reuid=" + uid,
                "--regid=" + uid,
                "--clear-groups",
                "--no-new-privs",
                "--inh-caps=-all",
                "--bounding-set=-all");
    }

    private static String directive(String file, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + name + "[= ](.*)$").matcher(file);
        assertThat(matcher.find()).as("%s in\n%s", name, file).isTrue();
        return matcher.group(1).strip();
    }

    /** ["a", "b"] → [a, b], the exec form of ENTRYPOINT and CMD. */
    private static List<String> execForm(String json) {
        assertThat(json).startsWith("[").endsWith("]");
        List<String> words = new ArrayList<>();
        Matcher word = Pattern.compile("\"([^\"]*)\"").matcher(json);
        while (word.find()) {
            words.add(word.group(1).replace(INSTALL_DIR, home.toString()));
        }
        return words;
    }

    private static Map<String, String> dockerEnvironment(String dockerfile) {
        Matcher env = Pattern.compile("(?m)^ENV ((?:[^\\n]*\\\\\\n)*[^\\n]*)$").matcher(dockerfile);
        Map<String, String> result = new HashMap<>();
        while (env.find()) {
            Matcher pair = Pattern.compile("(\\w+)=(\\S+)").matcher(env.group(1));
            while (pair.find()) {
                result.put(pair.group(1), pair.group(2));
            }
        }
        return result;
    }

    private static Path olderJava() throws IOException {
        try (var homes = Files.list(Path.of("/usr/lib/jvm"))) {
            for (Path jdk : homes.toList()) {
                Path release = jdk.resolve("release");
                Path java = jdk.resolve("bin/java");
                if (Files.isRegularFile(release) && Files.isExecutable(java)) {
                    Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(release));
                    if (version.find() && Integer.parseInt(version.group(1)) < 25) {
                        return java;
                    }
                }
            }
        } catch (NoSuchFileException none) {
            return null;
        }
        return null;
    }

    private static ProcessResult run(List<String> command, Map<String, String> environment) throws Exception {
        return ProcessResult.run(command, environment, unpacked, Duration.ofSeconds(60));
    }
}
