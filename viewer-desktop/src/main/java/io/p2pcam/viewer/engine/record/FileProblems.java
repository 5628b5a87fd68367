package io.p2pcam.viewer.engine.record;

import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** File-system failures in the plain words the viewer shows, shared by recordings and snapshots. */
final class FileProblems {

    private FileProblems() {}

    /** Creates the folder that will hold {@code file}, with its parents, if missing. */
    static void createParent(Path file, String action) throws RecordingException {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new RecordingException(
                    "Cannot " + action + " " + file + ": cannot create the " + "folder " + parent + " ("
                            + UserFiles.describe(e) + ")",
                    e);
        }
    }

    /** Deletes {@code file} if it is there, best effort: one that cannot be deleted stays. */
    static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
