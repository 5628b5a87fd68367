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
     * camera's microphone and for talkback.
     */
    WIDE(16_000, OpusBandwidth.OPUS_BANDWIDTH_WIDEBAND),
    /** Up to 20 kHz (Opus fullband: SILK with a CELT layer above 8 kHz, or CELT): music, ambience. */
    FULL(48_000, OpusBandwidth.OPUS_BANDWIDTH_FULLBAND);

    private final int captureRate;
    private final OpusBandwidth maxBandwidth;

    SoundBand(int captureRate, OpusBandwidth maxBandwidth) {
        this.captureRate = captureRate;
        this.maxBandwidth = maxBandwidth;
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
