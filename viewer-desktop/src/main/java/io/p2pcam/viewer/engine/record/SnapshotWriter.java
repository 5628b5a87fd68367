package io.p2pcam.viewer.engine.record;

import io.p2pcam.runtime.UserFiles;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.imageio.ImageIO;

/**
 * Saves a picture of the live view as PNG, through {@code javax.imageio} (no JavaFX).
 *
 * <p>Two steps, for two threads: {@link #copy} takes the pixels out of a {@link VideoFrame}
 * quickly, on the thread that may read the frame (the mailbox's consumer, typically the UI's);
 * {@link #write} does the slow part, PNG compression (tens of milliseconds for 720p), on any
 * other thread. Stateless and thread-safe.
 */
public final class SnapshotWriter {

    private SnapshotWriter() {}

    /**
     * A copy of {@code frame}'s pixels as an opaque RGB image; the frame may be reused as soon as
     * this returns.
     *
     * @throws IllegalArgumentException if the frame holds no picture yet
     */
    public static BufferedImage copy(VideoFrame frame) {
        if (frame.width() == 0) {
            throw new IllegalArgumentException("The frame holds no picture yet");
        }
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        // The frame's ints are 0xAARRGGBB with alpha 255; TYPE_INT_RGB ignores the top byte.
        frame.intPixels().get(0, target, 0, target.length);
        return image;
    }

    /**
     * Writes {@code image} to {@code file} as PNG, creating its folder if missing. A file that
     * could not be written completely is deleted.
     *
     * @throws RecordingException if the file cannot be written, in words fit for the user
     */
    public static void write(BufferedImage image, Path file) throws RecordingException {
        FileProblems.createParent(file, "save the snapshot");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("This Java runtime has no PNG writer");
            }
        } catch (IOException e) {
            if (!(e instanceof FileAlreadyExistsException)) {
                FileProblems.deleteQuietly(file);
            }
            throw new RecordingException("Cannot save the snapshot " + file + ": " + UserFiles.describe(e), e);
        }
    }

    /** {@link #copy} then {@link #write}, on the calling thread. */
    public static void save(VideoFrame frame, Path file) throws RecordingException {
        write(copy(frame), file);
    }
}
