package io.p2pcam.viewer.engine.decode;

import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * An H.264 decoder fed one complete access unit at a time ({@link H264Decoder} in software or on
 * a hardware device, or {@link FallbackDecoder} that moves from one to the other). Confined to
 * one thread, except {@link #decoderName()}.
 */
public interface PictureDecoder extends AutoCloseable {
    /** Decodes one access unit (Annex B) of {@code length} bytes; see {@link H264Decoder#decode}. */
    DecodeStatus decode(byte[] annexB, int length, long pts);

    /** The last decoded picture, in memory; valid until the next call. */
    AVFrame frame();

    /** Why the last {@link DecodeStatus#ERROR} happened. */
    String lastError();

    /** Drops every reference picture, as before a fresh IDR. */
    void flush();

    /**
     * Which decoder works now, for the overlay and `probe`: "sw", "hw: vaapi", or "sw (vaapi: why
     * not)" after a fall-back. Any thread.
     */
    String decoderName();

    @Override
    void close();
}
