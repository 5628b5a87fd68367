package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

class UsageErrorsTest {
    @Command(name = "encode")
    static final class Encode implements Callable<Integer> {
        @Option(names = "--out", required = true)
        String out;

        @Option(names = "--frames")
        int frames;

        @Override
        public Integer call() {
            return 0;
        }
    }

    /** What {@code encode} with {@code args} is told, as the programs print it. */
    private static String told(String... args) {
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new Encode());
        command.setErr(new PrintWriter(err));
        command.setParameterExceptionHandler((problem, typed) -> {
            problem.getCommandLine().getErr().println(UsageErrors.describe(problem));
            return 2;
        });
        assertThat(command.execute(args)).isEqualTo(2);
        return err.toString().strip();
    }

    @Test
    void anUnknownOptionIsToldBeforeARequiredOptionMissing() {
        assertThat(told("--bogus")).isEqualTo("unknown option '--bogus'");
        assertThat(told("--outt", "x.h264")).isEqualTo("unknown option '--outt' (did you mean --out?)");
    }

    @Test
    void anUnknownOptionIsToldBeforeAValueThatCannotBeRead() {
        assertThat(told("--bogus", "--frames", "many", "--out", "x")).isEqualTo("unknown option '--bogus'");
    }

    @Test
    void aRequiredOptionMissingIsToldWhenNothingElseIsWrong() {
        assertThat(told("--frames", "3")).isEqualTo("Missing required option: '--out=<out>'");
    }
}
