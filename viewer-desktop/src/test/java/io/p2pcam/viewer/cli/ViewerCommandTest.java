package io.p2pcam.viewer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.testing.StandardError;
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

    /** Renders the usage help of {@code commandLine} and of every subcommand under it. */
    private static void renderEveryUsage(CommandLine commandLine) {
        commandLine.getUsageMessage();
        commandLine.getSubcommands().values().forEach(ViewerCommandTest::renderEveryUsage);
    }
}
