package io.p2pcam.viewer.engine.record;

/**
 * How a recording lost the file it was writing, when it did (decision 0073): what a {@link
 * ResumingRecorder} does next depends on it.
 */
enum FileLoss {
    /** Writing failed with the file in its place (I/O errors): not tried again. */
    WRITE_FAILED,
    /**
     * The disk is full (the file in its place, kept up to its last complete fragment): a new file
     * once it has room again ({@link RoomToRecord}).
     */
    DISK_FULL,
    /** The file was deleted from a folder that is still there: a new file is started at once. */
    FILE_DELETED,
    /** The folder is gone (deleted, or its disk removed): a new file once it is back. */
    FOLDER_GONE,
    /** The folder was renamed or moved (the file went with it): a new file once one is back at its path. */
    FOLDER_MOVED;

    /** Whether a new file may be started when the folder is (back) at its path, with room. */
    boolean resumable() {
        return this != WRITE_FAILED;
    }
}
