package io.p2pcam.viewer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.testing.StandardError;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.probe.ProbeCommand;
import org.junit.jupiter.api.Test;
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

    /** Renders the usage help of {@code commandLine} and of every subcommand under it. */
    private static void renderEveryUsage(CommandLine commandLine) {
        commandLine.getUsageMessage();
        commandLine.getSubcommands().values().forEach(ViewerCommandTest::renderEveryUsage);
    }
}
