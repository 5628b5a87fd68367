package io.p2pcam.camera.pairing;

import io.p2pcam.protocol.cloud.Bytes;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * How `camera-emulator viewers revoke` reaches a running camera: the camera holds a lock on
 * {@value #LOCK_FILE} in its state directory while it runs; the command, finding it locked, leaves
 * an empty file named after the key in {@value #DIRECTORY}/, which the camera picks up within a
 * second, applies (ending that viewer's sessions) and deletes once the change is on disk. With no camera running the command
 * edits the pairing file itself. Stateless apart from the lock it may hold.
 */
public final class Revocations {
    static final String DIRECTORY = "revoke";
    static final String LOCK_FILE = "camera.lock";

    private final Path stateDir;

    public Revocations(Path stateDir) {
        this.stateDir = stateDir;
    }

    /** Takes the running camera's lock, or returns null when another process holds it. The caller closes it. */
    public FileLock tryLockAsRunningCamera() throws IOException {
        FileChannel channel =
                FileChannel.open(stateDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            channel.close();
            return null; // this process runs the camera (tests)
        }
    }

    /** Asks the running camera to revoke {@code key}. */
    public void request(Bytes key) throws IOException {
        Path directory = stateDir.resolve(DIRECTORY);
        Files.createDirectories(directory);
        Path marker = directory.resolve(HexFormat.of().formatHex(key.toArray()));
        if (!Files.exists(marker)) {
            Files.createFile(marker);
        }
    }

    /** The keys whose revocation is asked for and not yet applied. */
    public List<Bytes> pending() throws IOException {
        Path directory = stateDir.resolve(DIRECTORY);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Bytes> keys = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                try {
                    keys.add(PairingFile.key(file.getFileName().toString()));
                } catch (IllegalArgumentException e) {
                    Files.deleteIfExists(file); // not ours
                }
            }
        }
        return keys;
    }

    /** The revocation of {@code key} is applied. */
    public void done(Bytes key) throws IOException {
        Files.deleteIfExists(stateDir.resolve(DIRECTORY).resolve(HexFormat.of().formatHex(key.toArray())));
    }
}
