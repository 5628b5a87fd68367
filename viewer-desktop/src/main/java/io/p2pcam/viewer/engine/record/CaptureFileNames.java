package io.p2pcam.viewer.engine.record;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Names for new recordings and snapshots: {@code <camera name>-<yyyyMMdd-HHmmss>.mp4} or {@code
 * .png} in local time, in the folders of a {@link CaptureDirectories}. The camera name is made
 * safe for every platform's file system; a name already taken (two snapshots in one second, a
 * recording whose {@code .part} is still being written, a name given out this second whose file
 * is not written yet) gets {@code -2}, {@code -3}… before the extension. Thread-safe; another
 * process may still take a name once chosen (the writers refuse to overwrite).
 */
public final class CaptureFileNames {

    /** Longest camera part of a name, in characters; the user's name may be much longer. */
    static final int MAX_NAME_LENGTH = 64;

    private static final String FALLBACK_NAME = "camera";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final CaptureDirectories directories;
    private final Clock clock;
    /** The names given out in the second {@link #givenOutStamp}; earlier ones all have a later stamp. */
    private final Set<Path> givenOut = new HashSet<>();

    private String givenOutStamp = "";

    /** Names in {@code directories}, stamped with {@code clock}'s local time. */
    public CaptureFileNames(CaptureDirectories directories, Clock clock) {
        this.directories = Objects.requireNonNull(directories);
        this.clock = Objects.requireNonNull(clock);
    }

    /** A free name for a recording of {@code cameraName}, now. */
    public Path newRecording(String cameraName) {
        return freeName(directories.videos(), cameraName, ".mp4");
    }

    /** A free name for a snapshot of {@code cameraName}, now. */
    public Path newSnapshot(String cameraName) {
        return freeName(directories.pictures(), cameraName, ".png");
    }

    /**
     * {@code cameraName} as a file name part: every run of characters other than letters,
     * digits, {@code -}, {@code _} and {@code .} becomes one {@code _} (that removes path
     * separators, spaces, and the characters Windows forbids), leading and trailing dots and
     * underscores go (no hidden files, no names Windows trims), and it is cut to {@value
     * #MAX_NAME_LENGTH} characters; "camera" if nothing is left.
     */
    static String sanitize(String cameraName) {
        String safe = cameraName.replaceAll("[^\\p{L}\\p{N}._-]+", "_");
        if (safe.length() > MAX_NAME_LENGTH) {
            int end = MAX_NAME_LENGTH;
            if (Character.isHighSurrogate(safe.charAt(end - 1))) {
                end--;
            }
            safe = safe.substring(0, end);
        }
        safe = safe.replaceAll("^[._]+|[._]+$", "");
        return safe.isEmpty() ? FALLBACK_NAME : safe;
    }

    private synchronized Path freeName(Path directory, String cameraName, String extension) {
        String stamp = LocalDateTime.now(clock).format(STAMP);
        if (!stamp.equals(givenOutStamp)) {
            givenOutStamp = stamp;
            givenOut.clear();
        }
        String base = sanitize(cameraName) + "-" + stamp;
        Path candidate = directory.resolve(base + extension);
        for (int n = 2; taken(candidate); n++) {
            candidate = directory.resolve(base + "-" + n + extension);
        }
        givenOut.add(candidate);
        return candidate;
    }

    /**
     * Whether the name is in use: its file exists, or a recording is still being written to its
     * {@code .part}, or it was given out this second and its file may not be there yet (a
     * snapshot is written after the next picture, on another thread).
     */
    private boolean taken(Path candidate) {
        return givenOut.contains(candidate)
                || Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)
                || Files.exists(Mp4Recorder.partFileOf(candidate), LinkOption.NOFOLLOW_LINKS);
    }
}
