package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotWriterTest {

    private static final int WIDTH = 37;
    private static final int HEIGHT = 23;

    @TempDir
    Path folder;

    @Test
    void thePngHoldsExactlyTheFramesPixels() throws Exception {
        VideoFrame frame = randomFrame(new Random(42));
        Path file = folder.resolve("pictures/p2pcam/cam-20261130-101500.png");

        SnapshotWriter.save(frame, file);

        assertThat(Files.readAllBytes(file)).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage png = ImageIO.read(file.toFile());
        assertThat(png.getWidth()).isEqualTo(WIDTH);
        assertThat(png.getHeight()).isEqualTo(HEIGHT);
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                assertThat(png.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(frame.argbAt(x, y));
            }
        }
    }

    @Test
    void theCopyIsIndependentOfTheFrameItCameFrom() {
        VideoFrame frame = randomFrame(new Random(7));
        int before = frame.argbAt(3, 4);

        BufferedImage copy = SnapshotWriter.copy(frame);
        frame.intPixels().put(4 * WIDTH + 3, 0xFF000000);

        assertThat(copy.getRGB(3, 4)).isEqualTo(before);
    }

    @Test
    void anExistingFileIsNotOverwritten() throws Exception {
        Path file = Files.writeString(folder.resolve("taken.png"), "keep me");

        assertThatThrownBy(() -> SnapshotWriter.save(randomFrame(new Random(1)), file))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith("Cannot save the snapshot " + file + ": ");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void aFolderThatCannotBeCreatedIsReportedPlainly() throws Exception {
        Path notAFolder = Files.writeString(folder.resolve("pictures"), "a file");
        Path file = notAFolder.resolve("cam.png");

        assertThatThrownBy(() -> SnapshotWriter.save(randomFrame(new Random(1)), file))
                .isInstanceOf(RecordingException.class)
                .hasMessageStartingWith(
                        "Cannot save the snapshot " + file + ": cannot create the folder " + notAFolder);
    }

    @Test
    void aFrameWithoutAPictureCannotBeSaved() {
        assertThatThrownBy(() -> SnapshotWriter.copy(new VideoFrame())).isInstanceOf(IllegalArgumentException.class);
    }

    /** Opaque pixels of every colour, as the converter writes them (B, G, R, A bytes). */
    private static VideoFrame randomFrame(Random random) {
        VideoFrame frame = new VideoFrame();
        ByteBuffer pixels = frame.resize(WIDTH, HEIGHT);
        while (pixels.hasRemaining()) {
            pixels.putInt(random.nextInt() | 0xFF000000);
        }
        return frame;
    }
}
