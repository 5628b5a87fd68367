package io.p2pcam.camera.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.camera.media.NativeLogging;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.NalHeader;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.protocol.testing.StandardError;
import io.p2pcam.protocol.testing.UsageText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CameraEmulatorCommandTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void quietNativeLogging() {
        NativeLogging.quiet();
    }

    @Test
    void idPrintsTheSameCameraIdEveryTime() throws Exception {
        Path stateDir = temp.resolve("camera");

        assertThat(run("id", "--state-dir", stateDir.toString())).isZero();
        String first = out.toString().strip();
        out.getBuffer().setLength(0);
        assertThat(run("id", "--state-dir", stateDir.toString())).isZero();

        assertThat(out.toString().strip()).isEqualTo(first);
        assertThat(CameraId.parse(first)).hasToString(first);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void idWithAStateDirectoryItCannotMakeSaysWhichFileIsInTheWayAndWhatToDoInOneLine() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Path stateDir = file.resolve("camera");

        assertThat(run("id", "--state-dir", stateDir.toString())).isEqualTo(1);

        assertThat(err.toString())
                .isEqualTo("p2pcam-camera id: cannot make the state directory " + stateDir
                        + ": a file is in the way at " + file
                        + "; choose another --state-dir (or P2PCAM_STATE_DIR) that this user can write\n");
    }

    @Test
    void runThatCannotKeepTheNewPasswordSaysWhereAndWhatToDoInOneLine() throws Exception {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        Path stateDir = file.resolve("camera");

        assertThat(run("run", "--state-dir", stateDir.toString(), "--cloud", "127.0.0.1:32100"))
                .isEqualTo(1);

        assertThat(err.toString())
                .isEqualTo("p2pcam-camera run: cannot keep the camera's new password in "
                        + stateDir.resolve(CameraPassword.FILE_NAME) + ": a file is in the way at " + file
                        + "; choose another --state-dir (or P2PCAM_STATE_DIR) that this user can write,"
                        + " or give the password with --password-file\n");
    }

    @Test
    void anUnknownCommandOrAMisspelledOptionIsSaidInWordsNotInPicocliJargon() {
        // Was "Unmatched argument at index 0: 'bogus'" and "Unknown option: '--stat-dir'" with no hint.
        assertThat(run("bogus")).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("p2pcam-camera: unknown command 'bogus' (the commands: id, run, viewers, devices, encode)\n"
                        + "Try 'p2pcam-camera --help'.\n");
        err.getBuffer().setLength(0);

        assertThat(run("id", "--stat-dir", temp.toString())).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("p2pcam-camera id: unknown option '--stat-dir' (did you mean --state-dir?)\n");
    }

    @Test
    void everyCommandToldAnUnknownOptionSaysThatFirstNotWhatElseIsMissing() {
        // encode --bogus said "Missing required option: '--out=FILE'" (picocli checks that first).
        for (String command :
                CameraEmulatorCommand.commandLine().getSubcommands().keySet()) {
            err.getBuffer().setLength(0);

            assertThat(run(command, "--bogus", "--fps", "many")).as(command).isEqualTo(2);

            assertThat(err.toString())
                    .as(command)
                    .isEqualTo("p2pcam-camera " + command + ": unknown option '--bogus'\n" + "Try 'p2pcam-camera "
                            + command + " --help'.\n");
        }
    }

    @Test
    void encodeWritesTheFramesAskedForAndOneSummaryLine() throws Exception {
        Path file = temp.resolve("pattern.h264");

        int exit = run(
                "encode",
                "--source",
                "synthetic",
                "--size",
                "320x240",
                "--fps",
                "15",
                "--bitrate",
                "300k",
                "--frames",
                "20",
                "--out",
                file.toString());

        assertThat(exit).isZero();
        assertThat(out.toString())
                .hasLineCount(1)
                .startsWith("encoded 20 frames 320x240 from synthetic to " + file + ": ");
        byte[] stream = Files.readAllBytes(file);
        assertThat(NalHeader.type(AnnexB.split(stream).getFirst()[0])).isEqualTo(NalHeader.SPS);
        long pictures = AnnexB.split(stream).stream()
                .map(nal -> NalHeader.type(nal[0]))
                .filter(type -> type == NalHeader.IDR_SLICE || type == 1)
                .count();
        assertThat(pictures).isEqualTo(20);
    }

    @Test
    void anUnknownSourceIsAUsageErrorInOneLine() {
        int exit = run(
                "encode", "--source", "camera", "--out", temp.resolve("x.h264").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("""
                p2pcam-camera encode: Invalid value for option '--source': unknown source 'camera': \
                use synthetic, file:PATH, webcam or webcam:DEVICE
                Try 'p2pcam-camera encode --help'.
                """);
    }

    @Test
    void aMissingCameraIsARuntimeFailureInOneLine() {
        int exit = run(
                "encode",
                "--source",
                "webcam:/dev/video99",
                "--out",
                temp.resolve("x.h264").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString())
                .isEqualTo(
                        "p2pcam-camera encode: no camera at /dev/video99; use --source synthetic to run without a camera\n");
    }

    @Test
    void aBadSizeIsAUsageError() {
        int exit = run(
                "encode", "--size", "641x480", "--out", temp.resolve("x.h264").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .startsWith(
                        "p2pcam-camera encode: picture size must be even and between 16 and 4096 pixels, not 641x480\n");
    }

    @Test
    void runRefusesAWeakPasswordBeforeAnythingStarts() throws Exception {
        Path file = Files.writeString(temp.resolve("pw.txt"), "secret\n");
        assertThat(runCamera("127.0.0.1:32100", file)).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("p2pcam-camera run: the password from --password-file " + file
                        + " is too weak (shorter than 12 characters)");
    }

    @Test
    void noAudioWithAnAudioSourceIsRefusedNotSilentlyIgnored() throws Exception {
        assertThat(runCamera("127.0.0.1:32100", strongPasswordFile(), "--no-audio", "--audio-source", "synthetic"))
                .isEqualTo(2);
        assertThat(err.toString()).startsWith("p2pcam-camera run: --no-audio or --audio-source, not both\n");
    }

    @Test
    void anUnknownSoundBandIsAOneLineErrorThatNamesTheChoices() throws Exception {
        assertThat(runCamera("127.0.0.1:32100", strongPasswordFile(), "--audio-band", "narrow"))
                .isEqualTo(2);
        assertThat(err.toString())
                .startsWith("p2pcam-camera run: Invalid value for option '--audio-band': the sound's band is wide or "
                        + "full, not 'narrow'\n");
    }

    @Test
    void aPasswordFileThatCannotBeReadIsSaidInWordsNotAsABarePath() {
        Path missing = temp.resolve("nope.txt");
        assertThat(runCamera("127.0.0.1:32100", missing)).isEqualTo(2);
        // Java's NoSuchFileException says only the path: "cannot read --password-file X: X" before.
        assertThat(err.toString())
                .startsWith("p2pcam-camera run: cannot read --password-file " + missing + ": no such file\n");
    }

    @Test
    void aPasswordFileOthersCanReadIsUsedWithAWarningThatSaysHowToFixIt() throws Exception {
        Path file = strongPasswordFile();
        assumeTrue(Files.getFileStore(file).supportsFileAttributeView("posix"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        int[] exit = new int[1];
        // An unusable cloud address stops the run right after the password is settled.
        String logged = StandardError.writtenDuring(() -> exit[0] = runCamera("127.0.0.1:99999", file));
        assertThat(logged)
                .contains("WARN  UserFiles - " + file + " can be read by other users (rw-r--r--): run chmod 600 " + file
                        + " unless they are meant to know the password");
        assertThat(exit[0]).isEqualTo(2);
        assertThat(err.toString()).as("not refused for it").contains("--cloud: address 127.0.0.1:99999");
    }

    @Test
    void runWithoutAPasswordOrATerminalMakesOneKeepsItOwnerOnlyAndSaysWhereNotWhat() throws Exception {
        Path stateDir = temp.resolve("state");
        // An unusable cloud address stops the run right after the password is settled.
        assertThat(run("run", "--state-dir", stateDir.toString(), "--cloud", "127.0.0.1:99999"))
                .isEqualTo(2);
        Path kept = stateDir.resolve(CameraPassword.FILE_NAME);
        String password = Files.readString(kept).strip();
        assertThat(CameraPassword.weakness(password)).isNull();
        // No terminal here (as under systemd): standard output may be a log, so it names the file only.
        assertThat(out.toString())
                .contains("viewer password: made one and kept it in " + kept)
                .doesNotContain(password);
        if (Files.getFileStore(stateDir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)))
                    .isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)))
                    .isEqualTo("rwx------");
        }

        out.getBuffer().setLength(0);
        assertThat(run("run", "--state-dir", stateDir.toString(), "--cloud", "127.0.0.1:99999"))
                .isEqualTo(2);
        assertThat(out.toString()).doesNotContain(password);
        assertThat(Files.readString(kept).strip()).isEqualTo(password);
    }

    @Test
    void runWithAnUnusableCloudAddressSaysWhich() throws Exception {
        assertThat(runCamera("127.0.0.1:99999", strongPasswordFile())).isEqualTo(2);
        assertThat(err.toString()).contains("--cloud: address 127.0.0.1:99999 has no valid port (1-65535)");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("p2pcam-camera: a subcommand is needed: id, run, viewers, devices or encode\n");
    }

    @Test
    void runExitsNonZeroWhenItsVideoSourceDiesMidRun() throws Exception {
        Path video = temp.resolve("door.h264");
        assertThat(run(
                        "encode",
                        "--source",
                        "synthetic",
                        "--size",
                        "320x240",
                        "--fps",
                        "15",
                        "--frames",
                        "20",
                        "--out",
                        video.toString()))
                .isZero();
        Path passwordFile = temp.resolve("password");
        Files.writeString(passwordFile, "correct horse battery staple\n");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(
                () -> run(
                        "run",
                        "--state-dir",
                        temp.resolve("state").toString(),
                        "--cloud",
                        "127.0.0.1:9", // nobody answers: the camera keeps trying, which is not a failure
                        "--password-file",
                        passwordFile.toString(),
                        "--bind",
                        "127.0.0.1:0",
                        "--source",
                        "file:" + video,
                        "--size",
                        "320x240",
                        "--fps",
                        "15"),
                Thread::startVirtualThread);
        // Polled, not spun: a spinning test thread took one of CI's two cores from the camera's start
        // (FFmpeg's libraries load then); 30 s, not 10, as the bound is for a hang, not for a cold start.
        Eventually.await("the camera starts", Duration.ofSeconds(30), () -> {
            assertThat(exit).as("run ended before it was running: %s", err).isNotDone();
            return out.toString().contains("is running");
        });
        // Like a webcam unplugged: the source fails when the file plays to its end and cannot be reopened.
        Files.delete(video);
        assertThat(exit.get(15, TimeUnit.SECONDS)).isEqualTo(RunCommand.EXIT_LOOP_DIED);
        assertThat(err.toString()).startsWith("p2pcam-camera run: stopped: ");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("id ", "devices ", "encode ");
    }

    @Test
    void everyCommandsHelpFormatsWithoutAPicocliWarning() {
        // A bare '%' in a description is a format error: picocli warns on System.err and prints it raw.
        String warnings = StandardError.writtenDuring(
                () -> withSubcommands(CameraEmulatorCommand.commandLine()).forEach(CommandLine::getUsageMessage));

        assertThat(warnings).doesNotContain("[picocli WARN]");
    }

    @Test
    void everyCommandsHelpKeepsPathsAddressesAndSentencesWhole() {
        for (CommandLine command : withSubcommands(CameraEmulatorCommand.commandLine())) {
            String usage = command.getUsageMessage();
            assertThat(UsageText.problems(usage, descriptions(command.getCommandSpec())))
                    .as(command.getCommandName())
                    .isEmpty();
        }
    }

    private static List<CommandLine> withSubcommands(CommandLine commandLine) {
        List<CommandLine> all = new ArrayList<>(List.of(commandLine));
        commandLine.getSubcommands().values().forEach(sub -> all.addAll(withSubcommands(sub)));
        return all;
    }

    /** The command's description and its options' and parameters', variables filled in. */
    private static List<List<String>> descriptions(CommandLine.Model.CommandSpec spec) {
        List<List<String>> descriptions = new ArrayList<>();
        descriptions.add(List.of(spec.usageMessage().description()));
        spec.args().forEach(arg -> descriptions.add(List.of(arg.description())));
        return descriptions;
    }

    /** {@code run} with a state directory of its own, {@code cloud}, the password in {@code passwordFile}, and {@code more}. */
    private int runCamera(String cloud, Path passwordFile, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "run",
                "--state-dir",
                temp.resolve("state").toString(),
                "--cloud",
                cloud,
                "--password-file",
                passwordFile.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private Path strongPasswordFile() throws IOException {
        return Files.writeString(temp.resolve("pw.txt"), "a long enough Passphrase\n");
    }

    private int run(String... args) {
        CommandLine commandLine = CameraEmulatorCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
