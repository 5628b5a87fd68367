package io.p2pcam.viewer.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Sets aside a file that could not be read, so that the user (or support) can still recover what
 * was in it: the newest copy takes the name {@code NAME.broken}, older ones move one step down to
 * {@code NAME.broken.1} … {@code NAME.broken.(KEPT-1)}, and the oldest beyond {@link #KEPT} is
 * deleted. A second breakage therefore keeps the first copy, and a program that breaks its file at
 * every start (a crash loop) cannot fill the disk. Not thread-safe: one caller per file.
 */
final class BrokenFileShelf {
    /** How many broken copies of one file are kept, the newest first. */
    static final int KEPT = 5;

    private BrokenFileShelf() {}

    /** Moves {@code file} aside as its newest broken copy and returns where it now is. */
    static Path setAside(Path file) throws IOException {
        Files.deleteIfExists(copy(file, KEPT - 1));
        for (int age = KEPT - 2; age >= 0; age--) {
            try {
                Files.move(copy(file, age), copy(file, age + 1), StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                // fewer copies than kept so far: nothing to move down at this age
            }
        }
        Path newest = copy(file, 0);
        Files.move(file, newest, StandardCopyOption.REPLACE_EXISTING);
        return newest;
    }

    /** The broken copy of {@code file} that is {@code age} breakages older than the newest. */
    static Path copy(Path file, int age) {
        String name = file.getFileName() + ".broken" + (age == 0 ? "" : "." + age);
        return file.resolveSibling(name);
    }
}
