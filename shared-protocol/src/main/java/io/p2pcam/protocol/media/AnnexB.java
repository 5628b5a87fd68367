package io.p2pcam.protocol.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The H.264 Annex B byte stream format (ITU-T H.264 Annex B): NAL units, each preceded by a start
 * code {@code 00 00 01} or {@code 00 00 00 01}. Encoders produce it, decoders consume it; RTP
 * carries bare NAL units instead (RFC 6184 §5.6). Stateless and thread-safe.
 *
 * <p>Inside a NAL unit the encoder's emulation prevention (an inserted {@code 03} byte) ensures no
 * start code appears, and a NAL unit never ends in a zero byte, so zero bytes right before a start
 * code belong to the stream (a leading {@code zero_byte} or {@code trailing_zero_8bits}), not to
 * the NAL unit.
 */
public final class AnnexB {

    /** The four-byte start code {@link #join} writes before every NAL unit. */
    public static final byte[] START_CODE = {0, 0, 0, 1};

    private AnnexB() {}

    /**
     * Splits an Annex B stream, typically one access unit from an encoder, into its NAL units.
     * Bytes before the first start code are ignored, as are empty NAL units (two start codes in a
     * row) and trailing zero bytes.
     *
     * @return new arrays, one per NAL unit, in stream order; empty if there is no start code
     */
    public static List<byte[]> split(byte[] stream) {
        List<byte[]> nalUnits = new ArrayList<>();
        int start = nextNalStart(stream, 0);
        while (start >= 0) {
            int startCode = findStartCode(stream, start);
            int end = startCode < 0 ? stream.length : startCode;
            while (end > start && stream[end - 1] == 0) {
                end--;
            }
            if (end > start) {
                nalUnits.add(Arrays.copyOfRange(stream, start, end));
            }
            start = startCode < 0 ? -1 : startCode + 3;
        }
        return nalUnits;
    }

    /**
     * Joins NAL units into one Annex B stream, each preceded by {@link #START_CODE}, as a decoder
     * expects one access unit.
     */
    public static byte[] join(List<byte[]> nalUnits) {
        int length = 0;
        for (byte[] nalUnit : nalUnits) {
            length += START_CODE.length + nalUnit.length;
        }
        byte[] stream = new byte[length];
        int position = 0;
        for (byte[] nalUnit : nalUnits) {
            System.arraycopy(START_CODE, 0, stream, position, START_CODE.length);
            position += START_CODE.length;
            System.arraycopy(nalUnit, 0, stream, position, nalUnit.length);
            position += nalUnit.length;
        }
        return stream;
    }

    /** The index just after the first start code at or after {@code from}, or -1. */
    private static int nextNalStart(byte[] stream, int from) {
        int startCode = findStartCode(stream, from);
        return startCode < 0 ? -1 : startCode + 3;
    }

    /** The index of the first {@code 00 00 01} at or after {@code from}, or -1. */
    private static int findStartCode(byte[] stream, int from) {
        for (int i = from; i + 2 < stream.length; i++) {
            if (stream[i + 2] == 1 && stream[i + 1] == 0 && stream[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
