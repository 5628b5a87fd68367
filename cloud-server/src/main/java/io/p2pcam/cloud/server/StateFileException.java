package io.p2pcam.cloud.server;

import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file in the node's state directory (the pass secret, the ticket keys) that cannot be used:
 * an operator's problem, so the message is the whole story in one line (which file, what is
 * wrong, what to do) and the file is left as it is. Replacing a damaged secret silently would
 * revoke every pass or ticket without anyone knowing why; its owner decides.
 */
public final class StateFileException extends IOException {
    private StateFileException(Path file, String problem, String remedy) {
        super("cannot use " + file + ": " + problem + "; " + remedy);
    }

    /** {@code file} holds something other than what it should: {@code problem} says what. */
    static StateFileException damaged(Path file, String problem, String remedy) {
        return new StateFileException(file, problem, remedy);
    }

    /**
     * The lines of {@code file} (US-ASCII, as the node writes it); any failure to read it (not
     * text, a directory, no permission) as a {@code StateFileException} with {@code remedy}.
     */
    static List<String> readLines(Path file, String remedy) throws StateFileException {
        try {
            return Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StateFileException(file, UserFiles.describe(e), remedy);
        }
    }
}
