package io.p2pcam.protocol.media;

/**
 * The one-byte H.264 NAL unit header, which RFC 6184 §5.3 reuses as the RTP payload header:
 * {@code F} (forbidden zero bit, 0x80), {@code NRI} (importance, 0x60) and {@code Type} (0x1F).
 * Stateless.
 */
public final class NalHeader {

    /** Coded slice of an IDR picture: a keyframe a decoder can start from (H.264 Table 7-1). */
    public static final int IDR_SLICE = 5;
    /** Sequence parameter set. */
    public static final int SPS = 7;
    /** Picture parameter set. */
    public static final int PPS = 8;
    /** Highest type a single NAL unit packet may carry (RFC 6184 §5.2, Table 1). */
    public static final int MAX_SINGLE_NAL_TYPE = 23;
    /** Single-time aggregation packet (RFC 6184 §5.7.1). */
    public static final int STAP_A = 24;
    /** Fragmentation unit without decoding order number (RFC 6184 §5.8). */
    public static final int FU_A = 28;

    /** The F and NRI bits, which an FU indicator copies from the fragmented NAL unit. */
    static final int F_AND_NRI_MASK = 0xE0;

    static final int F_MASK = 0x80;
    static final int NRI_MASK = 0x60;
    static final int TYPE_MASK = 0x1F;

    private NalHeader() {}

    /** The 5-bit NAL unit type of a header byte. */
    public static int type(byte header) {
        return header & TYPE_MASK;
    }

    /** Whether a NAL unit of this type may travel as a single NAL unit packet (types 1..23). */
    public static boolean isSingleNalType(int type) {
        return type >= 1 && type <= MAX_SINGLE_NAL_TYPE;
    }
}
