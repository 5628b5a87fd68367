package io.p2pcam.cloud.server;

import io.p2pcam.runtime.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a node's secret files (ticket keys, pass secret) into its state directory, making the
 * directory when it is not there. The write itself is {@link AtomicWrite#replace} (or {@link
 * AtomicWrite#create} for a secret that must never be replaced once made): owner-only from
 * the first byte, forced to the disk before it takes its name and the directory forced after, so a
 * power cut leaves the old secret or the new one, never an empty file that would void every
 * camera's ticket at the next start.
 */
final class OwnerOnlyFile {
    private OwnerOnlyFile() {}

    /** Replaces {@code file} with {@code text} (US-ASCII); a failure names the file (StateFileException). */
    static void writeAtomically(Path file, String text) throws StateFileException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicWrite.replace(file, text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw StateFileException.unwritable(file, e);
        }
    }

    /**
     * Creates {@code file} with {@code text} (US-ASCII) as {@link AtomicWrite#create} does: false,
     * and nothing changed, when a file of that name is there already (another node made it first).
     */
    static boolean createAtomically(Path file, String text) throws StateFileException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return AtomicWrite.create(file, text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw StateFileException.unwritable(file, e);
        }
    }
}
