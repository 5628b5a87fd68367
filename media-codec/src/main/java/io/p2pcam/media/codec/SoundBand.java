package io.p2pcam.media.codec;

import io.github.jaredmdobson.concentus.OpusBandwidth;
import java.util.Locale;

/**
 * How much of the spectrum the sound's encoder keeps (docs/decisions/0089). Receivers need not know:
 * an Opus decoder plays every bandwidth at 48 kHz, and the packets' TOC bytes say which they are.
 */
public enum SoundBand {
    /**
     * Up to 8 kHz of audio (Opus wideband: SILK alone, all of the bitrate on speech's band), as the
     * wideband codecs of cameras and NVRs carry it (G.722, AAC or Opus at 16 kHz): the default for a
     * camera's microphone and for talkback. Complexity 3 (which Concentus's SILK codes as 2: it
     * changes its tools at 2, 4, 6 and 8 only): speech's PESQ WB 3.45 clean and 3.35 at 5 % loss, above
     * fullband at 5's 3.36 / 3.25, for 56-60 % less of the encoder's and ~39 % less of the decoder's
     * CPU on speech (docs/BENCHMARKS.md, band21).
     */
    WIDE(16_000, OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND, 3),
    /**
     * Up to 20 kHz (Opus fullband: SILK with a CELT layer above 8 kHz, or CELT): music, ambience.
     * Complexity 5: libopus's default 10 cost 2.4 % of a core for one stream through FFmpeg here, 5
     * 1.4 % for packets of the same size, and 3 or less cost speech 0.4-0.6 of PESQ WB (decision 0084).
     */
    FULL(48_000, OpusBandwidth.OPUS_BANDWIDTH_FULLBAND, 5);

    private final int captureRate;
    private final OpusBandwidth maxBandwidth;
    private final int complexity;

    SoundBand(int captureRate, OpusBandwidth maxBandwidth, int complexity) {
        this.captureRate = captureRate;
        this.maxBandwidth = maxBandwidth;
        this.complexity = complexity;
    }

    /** libopus's complexity (0-10) for this band's frames of sound. */
    public int complexity() {
        return complexity;
    }

    /** The sample rate that holds this band (RFC 7587 §6.1's {@code sprop-maxcapturerate}). */
    public int captureRate() {
        return captureRate;
    }

    OpusBandwidth maxBandwidth() {
        return maxBandwidth;
    }

    /** The band named {@code name}, "wide" or "full" in any case. */
    public static SoundBand parse(String name) {
        for (SoundBand band : values()) {
            if (band.name().equalsIgnoreCase(name.strip())) {
                return band;
            }
        }
        throw new IllegalArgumentException("the sound's band is wide or full, not '" + name + "'");
    }

    /** The band's name as the command line spells it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
