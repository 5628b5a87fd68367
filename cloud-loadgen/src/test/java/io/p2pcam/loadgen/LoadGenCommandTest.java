package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.testing.StandardError;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadGenCommandTest {
    @Test
    void everyCommandsHelpFormatsWithoutAPicocliWarning() {
        // A bare '%' in a description is a format error: picocli warns on System.err and prints it raw.
        String warnings = StandardError.writtenDuring(() -> renderEveryUsage(new CommandLine(new LoadGenCommand())));

        assertThat(warnings).doesNotContain("[picocli WARN]");
    }

    /** Renders the usage help of {@code commandLine} and of every subcommand under it. */
    private static void renderEveryUsage(CommandLine commandLine) {
        commandLine.getUsageMessage();
        commandLine.getSubcommands().values().forEach(LoadGenCommandTest::renderEveryUsage);
    }
}
