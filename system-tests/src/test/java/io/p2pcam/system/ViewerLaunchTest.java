package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The viewer jar's command line, as a user runs it: a windowed launch starts the UI toolkit
 * before it parses its arguments (issue 16 §2), and only builds {@code probe}'s options when
 * they can be asked for; both must still behave like before.
 */
class ViewerLaunchTest {
    @TempDir
    Path work;

    @Test
    void withoutADisplayTheWindowedLaunchSaysSoInOneLineAndExitsWithOne() throws Exception {
        assumeTrue(Files.exists(JarProcesses.VIEWER_JAR), "the shaded viewer jar is built first");

        Result launch = runWithoutDisplay("--config-dir", work.resolve("config").toString());

        assertThat(launch.exit()).as(launch.output()).isEqualTo(1);
        assertThat(launch.output().strip().lines().toList())
                .singleElement()
                .asString()
                .startsWith("p2pcam-viewer: cannot open a window: ")
                .contains("no display?");
    }

    @Test
    void aLaunchWithoutOptionsLoadsNoPicocliAndStillSaysWhyNoWindowOpens() throws Exception {
        assumeTrue(Files.exists(JarProcesses.VIEWER_JAR), "the shaded viewer jar is built first");
        Path classes = work.resolve("classes.log");

        Result launch = run(
                Map.of("P2PCAM_CONFIG_DIR", work.resolve("config").toString()),
                List.of("-Xlog:class+load=info:file=" + classes),
                List.of());

        assertThat(launch.exit()).as(launch.output()).isEqualTo(1);
        assertThat(launch.output().strip().lines().toList())
                .singleElement()
                .asString()
                .startsWith("p2pcam-viewer: cannot open a window: ");
        List<String> loaded = Files.readAllLines(classes);
        assertThat(loaded).anyMatch(line -> line.contains("io.p2pcam.viewer.cli.ViewerMain"));
        assertThat(loaded).noneMatch(line -> line.contains(" picocli."));
    }

    @Test
    void anUnknownOptionIsOneLineOfErrorAndExitCodeTwo() throws Exception {
        assumeTrue(Files.exists(JarProcesses.VIEWER_JAR), "the shaded viewer jar is built first");

        Result launch = runWithoutDisplay("--startup-chek");

        assertThat(launch.exit()).as(launch.output()).isEqualTo(2);
        assertThat(launch.output().strip().lines().toList())
                .containsExactly(
                        "p2pcam-viewer: unknown option '--startup-chek' (did you mean --startup-check?)",
                        "Try 'p2pcam-viewer --help' for the options.");
    }

    @Test
    void helpListsTheProbeCommandAndProbeAnswersItsOwnHelp() throws Exception {
        assumeTrue(Files.exists(JarProcesses.VIEWER_JAR), "the shaded viewer jar is built first");

        Result help = runWithoutDisplay("--help");
        Result probeHelp = runWithoutDisplay("probe", "--help");

        assertThat(help.exit()).as(help.output()).isZero();
        assertThat(help.output()).contains("Commands:").containsPattern("(?m)^\\s+probe\\s+Connect to a camera");
        assertThat(probeHelp.exit()).as(probeHelp.output()).isZero();
        assertThat(probeHelp.output()).contains("Usage: p2pcam-viewer probe").contains("--camera=ID");
    }

    private record Result(int exit, String output) {}

    private Result runWithoutDisplay(String... args) throws IOException, InterruptedException {
        return run(Map.of(), List.of(), List.of(args));
    }

    private Result run(Map<String, String> env, List<String> jvmOptions, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JarProcesses.VIEWER_JAR.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.environment().remove("DISPLAY");
        builder.environment().remove("WAYLAND_DISPLAY");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(args + " took over 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
