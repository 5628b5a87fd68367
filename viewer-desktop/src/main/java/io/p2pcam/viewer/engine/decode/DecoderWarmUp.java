package io.p2pcam.viewer.engine.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A real keyframe to decode before the first picture of a connection counts (issue 16 §2): an
 * IDR of the camera emulator's synthetic pattern at 1280x720, the reference camera's main stream
 * size, as SPS, PPS and one IDR slice in Annex B form (made with {@code p2pcam-camera encode
 * --frames 1}; 6 KB). Decoding and converting it once per process loads and links what the first
 * picture would otherwise wait for (libswscale, the decoder's static tables, the Java side of the
 * pipeline), and once per connection it leaves that connection's decoder, converter and picture
 * buffer set up for a 720p stream before the camera's keyframe arrives ({@link
 * FramePipeline#warmUp}).
 */
public final class DecoderWarmUp {
    static final String RESOURCE = "warm-up-keyframe.h264";
    private static final byte[] KEYFRAME = load();

    private DecoderWarmUp() {}

    /** The bundled keyframe (a copy: the caller may keep or change it). */
    public static byte[] keyframe() {
        return KEYFRAME.clone();
    }

    private static byte[] load() {
        try (InputStream in = DecoderWarmUp.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the warm-up keyframe " + RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
