package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.LoggedWarnings;
import io.p2pcam.viewer.config.CloudPassStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProbeCommandTest {
    private static final ViewerEvent.Failed THROTTLED = new ViewerEvent.Failed(
            ViewerFailure.TOO_MANY_ATTEMPTS, "the camera is limiting viewers it does not know yet; try again in 4 s");

    @Test
    void anUnpairedProbeTheCameraLimitsIsToldThatPairingLiftsTheLimit() {
        assertThat(SessionWatch.unpairedHint(THROTTLED, null))
                .contains("does not know")
                .contains("--key-directory");
    }

    @Test
    void aProbeWithAKeyDirectoryOrAnotherFailureGetsNoHint(@TempDir Path keys) throws Exception {
        assertThat(SessionWatch.unpairedHint(THROTTLED, CloudPassStore.load(keys)))
                .isEmpty();
        assertThat(SessionWatch.unpairedHint(
                        new ViewerEvent.Failed(ViewerFailure.AUTH_FAILED, "wrong password for camera X"), null))
                .isEmpty();
    }

    private record Run(int exit, String line) {}

    /** Runs probe in this JVM against a cloud that never answers; returns its JSON line. */
    private static String probe(String... args) {
        return run(args).line();
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out));
        List<String> all = new ArrayList<>(List.of(
                "--cloud",
                "127.0.0.1:9",
                "--camera",
                CameraIdentity.generate(new SecureRandom()).id().toString()));
        all.addAll(List.of(args));
        int exit = command.execute(all.toArray(String[]::new));
        return new Run(exit, out.toString());
    }

    @Test
    void aPasswordFileThatCannotBeReadIsSaidInWordsBeforeAnyConnect(@TempDir Path folder) throws Exception {
        Path missing = folder.resolve("nope.txt");
        Run run = run("--password-file", missing.toString(), "--timeout", "30");
        assertThat(run.line())
                .contains("\"error\":\"BAD_ARGUMENT\"")
                .contains("--password-file " + missing + ": cannot read it: no such file");
        assertThat(run.exit())
                .as("a command line to fix: 2, as the other commands' usage errors")
                .isEqualTo(2);
    }

    @Test
    void aPasswordLongerThanAnyCameraAcceptsIsRefusedBeforeAnyConnect(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("password.txt");
        Files.writeString(file, "p".repeat(129) + "\n");
        Run run = run("--password-file", file.toString(), "--timeout", "30");
        assertThat(run.line())
                .contains("\"error\":\"BAD_PASSWORD\"")
                .contains("the password is 129 bytes of UTF-8; a camera accepts at most 128");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void optionsThatWouldBeIgnoredAreRefused() {
        // --rtp-in and --discover never ask a camera or a cloud: the --camera and --cloud that run()
        // adds were silently ignored (the probe then timed out, or listed the LAN and exited 0).
        for (String[] alone : List.of(new String[] {"--rtp-in", "127.0.0.1:9"}, new String[] {"--discover"})) {
            Run run = run(alone);
            assertThat(run.line())
                    .contains("\"error\":\"BAD_ARGUMENT\"")
                    .contains(alone[0] + " asks no camera or cloud");
            assertThat(run.exit()).isEqualTo(2);
        }
    }

    @Test
    void aHwaccelThatIsNoDeviceTypeIsRefusedBeforeAnythingRuns() {
        // It ran, and only the JSON's decoder field said "sw (nonsense: not in this FFmpeg build …)".
        Run run = run("--hwaccel", "nonsense", "--timeout", "30");
        assertThat(run.line())
                .contains("\"error\":\"BAD_ARGUMENT\"")
                .contains("--hwaccel takes auto, off or one of FFmpeg's device types (cuda, ")
                .contains("vaapi")
                .contains("), not nonsense");
        assertThat(run.exit()).isEqualTo(2);
    }

    @Test
    void aPasswordFileOthersCanReadIsUsedWithAWarningThatSaysHowToFixIt(@TempDir Path folder) throws Exception {
        assumeTrue(Files.getFileStore(folder).supportsFileAttributeView("posix"));
        Path file = Files.writeString(folder.resolve("pw.txt"), "Correct-Horse-Battery-42\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        List<Run> runs = new ArrayList<>();
        // An audio trace it cannot write stops the probe at the next check, after the password was read.
        Path trace = folder.resolve("no-dir").resolve("trace.json");
        List<String> warnings = LoggedWarnings.of(
                UserFiles.class,
                () -> runs.add(run("--password-file", file.toString(), "--audio-trace", trace.toString())));
        assertThat(warnings)
                .singleElement(as(STRING))
                .startsWith(file + " can be read by other users (rw-r--r--): run chmod 600 " + file);
        assertThat(runs.getFirst().line()).contains("--audio-trace " + trace + ": cannot write it");
    }

    @Test
    void thePasswordIsReadFromTheFilesFirstLine(@TempDir Path folder) throws Exception {
        Path file = Files.writeString(folder.resolve("pw.txt"), "Correct-Horse-Battery-42\n");
        PasswordOptions options = new PasswordOptions();
        new CommandLine(options).parseArgs("--password-file", file.toString());
        assertThat(options.read()).isEqualTo("Correct-Horse-Battery-42");
        assertThat(new CommandLine(new ProbeCommand()).getUsageMessage())
                .as("--password stays hidden: on a command line every local user reads it")
                .contains("--password-file")
                .doesNotContain("--password=")
                .doesNotContain("--password PW");
    }

    @Test
    void anAudioTraceThatCannotBeWrittenIsRefusedBeforeTheProbeConnects(@TempDir Path folder) throws Exception {
        Path trace = folder.resolve("no-dir/trace.txt");
        long start = System.nanoTime();
        String line = probe(
                "--password-file",
                Files.writeString(folder.resolve("pw"), "x\n").toString(),
                "--audio-trace",
                trace.toString(),
                "--timeout",
                "30");
        assertThat(line)
                .contains("\"error\":\"BAD_ARGUMENT\"")
                .contains("--audio-trace " + trace + ": cannot write it: no such folder: " + folder.resolve("no-dir"));
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("refused at once, not after the 30 s the probe would wait for the cloud")
                .isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aTimeoutThatIsNotANumberOfSecondsUpToADayIsRefusedBeforeAnyConnect(@TempDir Path folder) throws Exception {
        // 1e12 was taken: a probe that never gives up, and a wait in nanoseconds past a long's range.
        Path password = Files.writeString(folder.resolve("password.txt"), "Correct-Horse-Battery-42\n");
        for (String timeout : List.of("1e12", "86401", "Infinity", "NaN", "0", "-5")) {
            Run run = run("--password-file", password.toString(), "--timeout", timeout);
            assertThat(run.line())
                    .as(timeout)
                    .contains("\"error\":\"BAD_ARGUMENT\"")
                    .contains("--timeout takes seconds, more than 0 and at most 86400 (a day), not " + timeout);
            assertThat(run.exit()).as(timeout).isEqualTo(2);
        }
    }
}
