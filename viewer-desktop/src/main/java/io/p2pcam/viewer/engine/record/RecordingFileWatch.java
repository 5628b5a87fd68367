package io.p2pcam.viewer.engine.record;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * Tells, at most once a second, whether the file a recording writes is still where it was opened,
 * and if not, whether its folder was moved or renamed and where to. A folder deleted, renamed or
 * moved while a recording is written (or its USB disk pulled, or unmounted) does not fail the
 * writes: the system keeps the open file, nameless or under its new path, and every write
 * succeeds into it until the recording stops and its file is not where the user looks. Only
 * looking at the path tells.
 *
 * <p>A folder renamed or moved within its parent folder is told from one deleted by its file key
 * (on Linux and macOS its device and inode, which a rename keeps): the folder's parent is searched
 * for a folder with the key the recording's folder had when the recording started. Where the
 * platform gives no file key (Windows), or the folder went further, it reads as gone.
 *
 * <p>Not thread-safe; the recorder calls it under its lock.
 */
final class RecordingFileWatch {

    /** How often the path is looked at: a file-system look-up a second costs nothing to speak of. */
    static final long CHECK_EVERY_MICROS = 1_000_000;

    private final Path file;
    private final Path folder;
    /** The folder's file key when the recording started; null where the platform has none. */
    private final Object folderKey;

    private boolean checked;
    private long checkedAt;

    /** Watches {@code file}, which exists, in the folder it is in now. */
    RecordingFileWatch(Path file) {
        this.file = file.toAbsolutePath();
        this.folder = this.file.getParent();
        this.folderKey = fileKey(folder);
    }

    /**
     * Whether the file is gone from its path, looked at if a second passed since the last look
     * (or the clock went back); false between looks.
     */
    boolean gone(long nowMicros) {
        if (checked && nowMicros >= checkedAt && nowMicros - checkedAt < CHECK_EVERY_MICROS) {
            return false;
        }
        checked = true;
        checkedAt = nowMicros;
        return goneNow();
    }

    /** Whether the file is gone from its path now. */
    boolean goneNow() {
        return !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** The folder the recording was started in. */
    Path folder() {
        return folder;
    }

    /**
     * Whether the recording's folder is still where it was, the same folder (its file key
     * unchanged; where the platform has no file keys, a folder at its path): the file alone was
     * deleted, not its folder with it.
     */
    boolean folderStillThere() {
        return folderKey == null
                ? Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
                : folderKey.equals(fileKey(folder));
    }

    /**
     * Where the recording's folder is now if it was renamed or moved within its parent folder
     * (another folder in it has the key the recording's folder had); empty if it is where it was,
     * or gone as far as can be told (deleted, moved further, its disk removed, or no file keys).
     */
    Optional<Path> folderMovedTo() {
        Path parent = folder.getParent();
        if (folderKey == null || parent == null || folderKey.equals(fileKey(folder))) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path sibling : siblings) {
                if (folderKey.equals(fileKey(sibling))) {
                    return Optional.of(sibling);
                }
            }
        } catch (IOException | RuntimeException e) {
            // The parent is gone or unreadable too: the folder reads as gone.
        }
        return Optional.empty();
    }

    /** The file key of {@code path} (a folder followed through links), or null if none or not there. */
    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
