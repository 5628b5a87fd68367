package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.testing.StandardError;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadGenCommandTest {
    @Test
    void everyCommandsHelpFormatsWithoutAPicocliWarning() {
        // A bare '%' in a description is a format error: picocli warns on System.err and prints it raw.
        String warnings = StandardError.writtenDuring(() -> renderEveryUsage(new CommandLine(new LoadGenCommand())));

        assertThat(warnings).doesNotContain("[picocli WARN]");
    }

    @Test
    void aBadCommandLineIsToldInOneLineWithAHintNotWithTheWholeUsage() {
        // Was picocli's "Unknown option: '--bogus'" followed by the forty lines of usage.
        assertThat(told("--bogus", "--cameras", "many"))
                .isEqualTo("cloud-loadgen: unknown option '--bogus'\nTry 'cloud-loadgen --help'.\n");
        assertThat(told("--cameras", "many"))
                .isEqualTo("cloud-loadgen: Invalid value for option '--cameras': 'many' is not an int\n"
                        + "Try 'cloud-loadgen --help'.\n");
        assertThat(told("strangers", "--bogus")) // before its missing --camera
                .isEqualTo("cloud-loadgen strangers: unknown option '--bogus'\n"
                        + "Try 'cloud-loadgen strangers --help'.\n");
    }

    /** What the command line {@code args} writes on stderr; it must exit with status 2. */
    private static String told(String... args) {
        StringWriter err = new StringWriter();
        CommandLine commandLine = LoadGenCommand.commandLine();
        commandLine.setErr(new PrintWriter(err, true));
        assertThat(commandLine.execute(args)).isEqualTo(2);
        return err.toString().replace(System.lineSeparator(), "\n");
    }

    /** Renders the usage help of {@code commandLine} and of every subcommand under it. */
    private static void renderEveryUsage(CommandLine commandLine) {
        commandLine.getUsageMessage();
        commandLine.getSubcommands().values().forEach(LoadGenCommandTest::renderEveryUsage);
    }
}
