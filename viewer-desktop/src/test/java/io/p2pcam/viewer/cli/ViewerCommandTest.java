package io.p2pcam.viewer.cli;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.testing.StandardError;
import io.p2pcam.protocol.testing.UsageText;
import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.LoggedWarnings;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.probe.ProbeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ViewerCommandTest {
    @Test
    void everyCommandsHelpFormatsWithoutAPicocliWarning() {
        // As ViewerCommand.execute builds it for a command line that opens no window: probe included.
        CommandLine viewer = new CommandLine(new ViewerCommand()).addSubcommand(new ProbeCommand());

        // A bare '%' in a description is a format error: picocli warns on System.err and prints it raw.
        String warnings = StandardError.writtenDuring(() -> renderEveryUsage(viewer));

        assertThat(warnings).doesNotContain("[picocli WARN]");
    }

    /** The launch {@code args} ask for, checked as ViewerCommand's call() checks it before opening anything. */
    private static DesktopLaunch launch(String... args) {
        CommandLine commandLine = new CommandLine(new ViewerCommand());
        commandLine.parseArgs(args);
        return commandLine.<ViewerCommand>getCommand().launch();
    }

    @Test
    void aHwaccelThatIsNoDeviceTypeIsAUsageErrorListingTheChoices() {
        // "--hwaccel nonsense" opened the window; only the stats overlay said "sw (nonsense: …)".
        assertThatThrownBy(() -> launch("--hwaccel", "nonsense"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--hwaccel takes auto, off or one of FFmpeg's device types (cuda, ")
                .hasMessageEndingWith("), not nonsense");
        assertThat(launch("--hwaccel", "VAAPI").hwaccel()).contains(HwAccel.parse("vaapi"));
        assertThat(launch().hwaccel())
                .as("not given: the saved setting applies")
                .isEmpty();
    }

    @Test
    void aCameraPasswordFileOthersCanReadIsUsedWithAWarningThatSaysHowToFixIt(@TempDir Path folder) throws Exception {
        assumeTrue(Files.getFileStore(folder).supportsFileAttributeView("posix"));
        Path file = Files.writeString(folder.resolve("pw.txt"), "Correct-Horse-Battery-42\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        String id = CameraIdentity.generate(new SecureRandom()).id().toString();
        List<DesktopLaunch> launches = new ArrayList<>();
        List<String> warnings = LoggedWarnings.of(
                UserFiles.class,
                () -> launches.add(launch("--add-camera", id, "--camera-password-file", file.toString())));
        assertThat(warnings)
                .singleElement(as(STRING))
                .startsWith(file + " can be read by other users (rw-r-----): run chmod 600 " + file);
        assertThat(launches.getFirst().camera()).isPresent();
    }

    @Test
    void aCameraNameOrPasswordWithoutACameraToAddIsAUsageError() {
        // --camera-name alone was ignored and the window opened.
        assertThatThrownBy(() -> launch("--camera-name", "Front door"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--camera-name names the camera of --add-camera");
        assertThatThrownBy(() -> launch("--camera-password-file", "pw.txt"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--camera-password-file is the password of --add-camera's camera");

        int[] exit = new int[1];
        String err = StandardError.writtenDuring(
                () -> exit[0] = ViewerCommand.execute(new String[] {"--camera-name", "Front door"}));
        assertThat(exit[0]).isEqualTo(2);
        assertThat(err)
                .startsWith("p2pcam-viewer: --camera-name names the camera of --add-camera" + System.lineSeparator());
        String id = CameraIdentity.generate(new SecureRandom()).id().toString();
        assertThat(launch("--add-camera", id, "--camera-name", "Front door").camera())
                .hasValueSatisfying(camera -> assertThat(camera.name()).isEqualTo("Front door"));
    }

    @Test
    void anUnknownCommandOrAMisspelledOptionIsSaidInWordsNotInPicocliJargon() {
        // Was "Unmatched argument at index 0: 'prob'" and "Unknown option: '--frame'" with no hint.
        int[] exit = new int[1];
        String err = StandardError.writtenDuring(() -> exit[0] = ViewerCommand.execute(new String[] {"prob"}));
        assertThat(exit[0]).isEqualTo(2);
        assertThat(err)
                .startsWith("p2pcam-viewer: unknown command 'prob' (the commands: probe)" + System.lineSeparator());

        err = StandardError.writtenDuring(
                () -> exit[0] = ViewerCommand.execute(new String[] {"probe", "--frame", "5"}));
        assertThat(exit[0]).isEqualTo(2);
        assertThat(err)
                .startsWith(
                        "p2pcam-viewer: unknown option '--frame' (did you mean --frames?)" + System.lineSeparator());

        // The unknown option first, though a value after it cannot be read either.
        err = StandardError.writtenDuring(
                () -> exit[0] = ViewerCommand.execute(new String[] {"probe", "--bogus", "--frames", "many"}));
        assertThat(exit[0]).isEqualTo(2);
        assertThat(err).startsWith("p2pcam-viewer: unknown option '--bogus'" + System.lineSeparator());
    }

    @Test
    void theVersionNamesTheProgramAsTheCameraAndTheCloudDoAndTheJava() {
        // The cloud says "p2pcam-cloud 0.1.0", the camera "p2pcam-camera 0.1.0": the viewer said
        // "p2pcam viewer 0.1.0" and nothing of the Java it runs on.
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(new ViewerCommand());
        commandLine.setOut(new PrintWriter(out));
        assertThat(commandLine.execute("--version")).isZero();
        assertThat(out.toString()).startsWith("p2pcam-viewer ").contains("\nJava " + Runtime.version());
    }

    @Test
    void theViewersAndProbesHelpKeepPathsAddressesAndSentencesWhole() {
        for (Object command : List.of(new ViewerCommand(), new ProbeCommand())) {
            CommandLine commandLine = new CommandLine(command);
            CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
            List<List<String>> descriptions = Stream.concat(
                            Stream.<String[]>of(spec.usageMessage().description()),
                            spec.args().stream().map(CommandLine.Model.ArgSpec::description))
                    .map(List::of)
                    .toList();
            assertThat(UsageText.problems(commandLine.getUsageMessage(), descriptions))
                    .as(spec.name())
                    .isEmpty();
        }
    }

    /** Renders the usage help of {@code commandLine} and of every subcommand under it. */
    private static void renderEveryUsage(CommandLine commandLine) {
        commandLine.getUsageMessage();
        commandLine.getSubcommands().values().forEach(ViewerCommandTest::renderEveryUsage);
    }
}
