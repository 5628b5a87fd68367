package io.p2pcam.cloud.server;

import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A file in the node's state directory (the pass secret, the ticket keys) that cannot be read, used or written:
 * an operator's problem, so the message is the whole story in one line (which file, what is
 * wrong, what to do) and the file is left as it is. Replacing a damaged secret silently would
 * revoke every pass or ticket without anyone knowing why; its owner decides.
 */
public final class StateFileException extends IOException {
    private StateFileException(String message) {
        super(message);
    }

    private StateFileException(Path file, String problem, String remedy) {
        this("cannot use " + file + ": " + problem + "; " + remedy);
    }

    /** {@code file} could not be written (a full disk, a read-only directory): {@code failure} says why. */
    static StateFileException unwritable(Path file, IOException failure) {
        return new StateFileException("cannot write " + file + ": " + UserFiles.describe(failure)
                + "; the state directory must be writable by the cloud's user, with space free");
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
