package io.p2pcam.viewer.engine.record;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The folder a recording writes into, as it was when the recording started, to tell whether it is
 * back after it went away (decision 0073): a folder at its path again, on the file system it was
 * on. Not back: nothing at the path, a file there, or a folder on another file system — a USB
 * disk's folder whose path now lies on the disk it was mounted on (its mount point left behind,
 * the folder made again there), or a link to another disk: recording there would fill a disk the
 * user did not choose.
 *
 * <p>A file system is told by where it is mounted (the topmost folder above the recording's, its
 * links followed, on the same {@link FileStore}) and its type ("ext4", "vfat"): not by its device
 * number, which a disk pulled and plugged in again may change (sdb1 then sdc1) while it comes back
 * at the same mount point. So another disk of the same type mounted at the same place, holding a
 * folder of the same name, counts as back: the user put it there. Where the file system cannot be
 * read (at the start or now), a folder at the path counts as back.
 *
 * <p>Each look costs a few file-system queries (a stat and the mount table per folder level); the
 * caller looks every few seconds. Not thread-safe.
 */
final class RecordingFolder {

    /** What {@link #notBack()} says when nothing is at the folder's path. */
    static final String MISSING = "missing";

    /** Where a file system is mounted, and its type. */
    private record Mount(Path point, String type) {}

    private final Path path;
    private final Optional<Mount> mount;

    /** The folder at {@code path} as it is now (where it is mounted, if that can be told). */
    RecordingFolder(Path path) {
        this.path = path.toAbsolutePath();
        this.mount = mountOf(this.path);
    }

    Path path() {
        return path;
    }

    /**
     * Why the folder is not back as it was, in a few words for the log ("a file", "on another file
     * system: …", {@link #MISSING}); empty if it is back.
     */
    Optional<String> notBack() {
        if (!Files.exists(path)) {
            return Optional.of(MISSING);
        }
        if (!Files.isDirectory(path)) {
            return Optional.of("a file, not a folder");
        }
        Optional<Mount> now = mountOf(path);
        if (mount.isPresent() && now.isPresent() && !mount.equals(now)) {
            return Optional.of(
                    "on another file system (" + describe(now.get()) + "; it was " + describe(mount.get()) + ")");
        }
        return Optional.empty();
    }

    private static String describe(Mount mount) {
        return mount.type() + " mounted at " + mount.point();
    }

    /** The mount point and type of the file system {@code folder} is on, links followed; empty if unreadable. */
    private static Optional<Mount> mountOf(Path folder) {
        try {
            Path real = folder.toRealPath();
            FileStore store = Files.getFileStore(real);
            Path point = real;
            for (Path up = real.getParent(); up != null && store.equals(Files.getFileStore(up)); up = up.getParent()) {
                point = up;
            }
            return Optional.of(new Mount(point, store.type()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone meanwhile, unreadable, or a platform without file stores
        }
    }
}
