package io.p2pcam.viewer.engine.record;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Tells, at most once a second, whether the file a recording writes is still where it was opened.
 * A folder deleted while a recording is written (or its USB disk pulled, or unmounted) does not
 * fail the writes: the system keeps the open file, nameless, and every write succeeds into it
 * until the recording stops and its file is nowhere. Only looking at the path tells.
 *
 * <p>Not thread-safe; the recorder calls it under its lock.
 */
final class RecordingFileWatch {

    /** How often the path is looked at: a file-system look-up a second costs nothing to speak of. */
    static final long CHECK_EVERY_MICROS = 1_000_000;

    private final Path file;
    private boolean checked;
    private long checkedAt;

    RecordingFileWatch(Path file) {
        this.file = file;
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
        return !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Whether the file is gone from its path now. */
    boolean goneNow() {
        return !Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }
}
