package io.p2pcam.viewer.live;

import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Puts decoded pictures on one tile's {@link ImageView} through one reused {@link PixelBuffer}:
 * each picture is copied into the tile's own buffer and the image is marked dirty, so no image is
 * allocated per frame. A new buffer is made only when the picture size changes (the tile was
 * resized and the decoder now scales to the new size).
 *
 * <p>UI thread only.
 */
final class TileRenderer {
    private final ImageView view;
    private PixelBuffer<IntBuffer> pixelBuffer;
    private IntBuffer pixels;

    TileRenderer(ImageView view) {
        this.view = view;
    }

    void draw(VideoFrame frame) {
        if (pixelBuffer == null
                || pixelBuffer.getWidth() != frame.width()
                || pixelBuffer.getHeight() != frame.height()) {
            pixels = ByteBuffer.allocateDirect(frame.width() * frame.height() * VideoFrame.BYTES_PER_PIXEL)
                    .order(ByteOrder.nativeOrder())
                    .asIntBuffer();
            pixelBuffer = new PixelBuffer<>(frame.width(), frame.height(), pixels, PixelFormat.getIntArgbPreInstance());
            view.setImage(new WritableImage(pixelBuffer));
        }
        pixelBuffer.updateBuffer(buffer -> {
            pixels.clear();
            pixels.put(frame.intPixels().duplicate().clear());
            return null; // the whole picture changed
        });
    }

    /** Forgets the picture (camera gone): the tile shows its status instead. */
    void clear() {
        view.setImage(null);
        pixelBuffer = null;
        pixels = null;
    }
}
