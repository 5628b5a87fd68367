package io.p2pcam.viewer.engine.record;

/**
 * Whether a disk that filled during a recording has room again for it to go on in a new file
 * (decision 0073): at least {@link #SECONDS_OF_STREAM} seconds of the stream as it was written,
 * and never less than {@link #MIN_BYTES}. Less would start a file only to fill the disk again
 * within seconds: a new file, and a status line each way, every look. The stream's rate is the
 * last one measured from a file of the recording (its pictures and sound over its length); before
 * any, the floor alone counts.
 *
 * <p>Sans I/O: the room is passed in. Not thread-safe; the recorder calls it under its lock.
 */
final class RoomToRecord {

    /** How many seconds of the stream must fit before a new file is started: 10. */
    static final long SECONDS_OF_STREAM = 10;

    /**
     * The least room that counts whatever the stream's rate: 1 MiB (a file's header and its first
     * fragments of a low-rate stream; a disk that has less is full for any recording).
     */
    static final long MIN_BYTES = 1L << 20;

    private long bytesPerSecond;

    /**
     * A file of the recording took {@code bytesPerSecond} (a camera's stream, well under a GB/s);
     * 0 or less (nothing measured) changes nothing.
     */
    void streamRate(long bytesPerSecond) {
        if (bytesPerSecond > 0) {
            this.bytesPerSecond = bytesPerSecond;
        }
    }

    /** The room, in bytes, that counts as enough to go on. */
    long needed() {
        return Math.max(MIN_BYTES, bytesPerSecond * SECONDS_OF_STREAM);
    }

    /** Whether {@code usableBytes} free on the disk are enough to go on recording. */
    boolean enough(long usableBytes) {
        return usableBytes >= needed();
    }
}
