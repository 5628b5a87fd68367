package io.p2pcam.runtime;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A command line a program cannot take, in the user's words. picocli's own messages for what it
 * could not match ("Unmatched argument at index 0: 'bogus'", "Unknown options: '--udp-prot', '5'")
 * speak of its parser and leave the user to guess; these name what was typed and, where one is
 * near, the command or option meant. Every other problem keeps its message, which says it well.
 * Each program prints this after its name, with its usage hint (exit status 2).
 */
public final class UsageErrors {
    private UsageErrors() {}

    /** One line on what is wrong with the command line, without the program's name. */
    public static String describe(ParameterException problem) {
        if (!(firstProblem(problem) instanceof UnmatchedArgumentException unmatched)
                || unmatched.getUnmatched().isEmpty()) {
            return problem.getMessage();
        }
        String typed = unmatched.getUnmatched().getFirst();
        if (typed.startsWith("-")) {
            List<String> near = unmatched.getSuggestions();
            return "unknown option '" + typed + "'"
                    + (near.isEmpty() ? "" : " (did you mean " + near.getFirst() + "?)");
        }
        CommandLine command = unmatched.getCommandLine();
        if (!command.getSubcommands().isEmpty()) {
            return "unknown command '" + typed + "' (the commands: "
                    + String.join(", ", command.getSubcommands().keySet()) + ")";
        }
        return command.getCommandSpec().positionalParameters().isEmpty()
                ? "unexpected argument '" + typed + "' (it takes options only)"
                : "unexpected argument '" + typed + "'";
    }

    /**
     * What the user got wrong first: picocli checks for a missing required option (or a value it
     * cannot convert) before it reports what it could not match, so {@code encode --bogus} said
     * "--out is missing" while the real mistake, maybe a misspelt {@code --out}, went unmentioned.
     * An argument not matched comes first, whatever picocli failed on.
     */
    private static ParameterException firstProblem(ParameterException problem) {
        CommandLine command = problem.getCommandLine();
        if (problem instanceof UnmatchedArgumentException || command == null) {
            return problem;
        }
        List<String> unmatched = command.getUnmatchedArguments();
        return unmatched.isEmpty() ? problem : new UnmatchedArgumentException(command, unmatched);
    }
}
