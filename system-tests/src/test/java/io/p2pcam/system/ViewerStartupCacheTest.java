package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The desktop app's start-up check and the class cache trained with it (issue 16 §2), as the
 * packaging and `./p2pcam viewer` do it: the shaded viewer jar on a virtual display (xvfb-run).
 */
@Tag("realtime")
class ViewerStartupCacheTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path VIEWER_JAR = ROOT.resolve("viewer-desktop/target/viewer-desktop.jar");

    @TempDir
    Path work;

    @Test
    void aTrainingLaunchMakesACacheThatTheNextLaunchMustUseAndBothShowTheWindow() throws Exception {
        assumeTrue(Files.exists(VIEWER_JAR), "the shaded viewer jar is built first");
        assumeTrue(onPath("xvfb-run"), "needs xvfb-run (apt-get install xvfb)");
        Path cache = work.resolve("viewer.aot");

        Launch training = startupCheck("-XX:AOTCacheOutput=" + cache);
        assertThat(training.exit()).as(training.output()).isZero();
        assertThat(training.output()).containsPattern("window shown \\d+ ms after the process started");
        assertThat(cache).isNotEmptyFile();

        // AOTMode=on: the JVM refuses to start when it cannot map the cache, instead of starting without it.
        Launch cached = startupCheck("-XX:AOTCache=" + cache, "-XX:AOTMode=on");
        assertThat(cached.exit()).as(cached.output()).isZero();
        assertThat(cached.output()).containsPattern("window shown \\d+ ms after the process started");
        // Where the time went, for a start that is slow on someone's machine.
        assertThat(cached.output())
                .containsPattern("\\(main \\d+, .*toolkit \\d+, .*window built \\d+, .*shown \\d+\\)");
    }

    @Test
    void theStartupCheckLeavesNoConfigurationBehind() throws Exception {
        assumeTrue(Files.exists(VIEWER_JAR), "the shaded viewer jar is built first");
        assumeTrue(onPath("xvfb-run"), "needs xvfb-run (apt-get install xvfb)");
        Path temporary = work.resolve("tmp");
        Files.createDirectories(temporary);

        Launch launch = startupCheck("-Djava.io.tmpdir=" + temporary);

        assertThat(launch.exit()).as(launch.output()).isZero();
        try (var left = Files.list(temporary)) {
            assertThat(left.filter(path -> path.getFileName().toString().startsWith("p2pcam-startup-")))
                    .isEmpty();
        }
    }

    private record Launch(int exit, String output) {}

    private Launch startupCheck(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "xvfb-run",
                "-a",
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED",
                "-Xlog:disable",
                "-Xlog:all=warning:stderr"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", VIEWER_JAR.toString(), "--startup-check"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .directory(work.toFile())
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the start-up check took over 120 s");
        }
        return new Launch(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }
}
