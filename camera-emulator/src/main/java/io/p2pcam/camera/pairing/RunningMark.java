package io.p2pcam.camera.pairing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Tells a camera whether its last run ended in an orderly way (docs/PROTOCOL.md §10.1, "Pairing
 * store"). The file {@value #FILE_NAME} is in the state directory while a camera runs and is removed
 * only by an orderly stop that has written every change to the paired viewers. Found at the start,
 * it means a crash or a power cut, after which a high-water mark raised just before may be missing
 * from the file: the camera then refuses every paired viewer's request made before it started.
 */
public final class RunningMark {
    public static final String FILE_NAME = "running";

    private final Path file;

    public RunningMark(Path stateDir) {
        this.file = stateDir.resolve(FILE_NAME);
    }

    /**
     * Leaves the mark, on disk before it returns; true if it was there already: the last run did not
     * stop in an orderly way.
     */
    public boolean begin() throws IOException {
        if (Files.exists(file)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        forceDirectory();
        return false;
    }

    /** Removes the mark: the run has ended and everything it changed is on disk. */
    public void end() throws IOException {
        Files.deleteIfExists(file);
        forceDirectory();
    }

    /** A created or removed name reaches the disk with its directory, not with the file. */
    private void forceDirectory() throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return; // a directory cannot be opened there; NTFS journals the name change itself
        }
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
