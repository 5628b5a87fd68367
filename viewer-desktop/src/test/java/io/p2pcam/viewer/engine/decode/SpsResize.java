package io.p2pcam.viewer.engine.decode;

import io.p2pcam.protocol.testing.RbspWriter;
import java.io.ByteArrayOutputStream;

/**
 * Test-only: an access unit whose sequence parameter set (H.264 §7.3.2.1.1) claims another picture
 * size, as a hostile camera may send it; every other field and NAL unit unchanged. Knows the SPS
 * of the profiles without chroma fields (baseline, main, extended: openh264's) and picture order
 * count types 0 and 2.
 */
final class SpsResize {
    private SpsResize() {}

    /** {@code annexB} with its SPS saying {@code widthInMacroblocks} × {@code heightInMacroblocks}. */
    static byte[] claiming(byte[] annexB, int widthInMacroblocks, int heightInMacroblocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int start = nextNal(annexB, 0);
        while (start >= 0) {
            int next = nextNal(annexB, start);
            int end = next < 0 ? annexB.length : next - 3;
            while (next >= 0 && end > start && annexB[end - 1] == 0) {
                end--; // the zero of a four-byte start code belongs to no NAL unit
            }
            out.writeBytes(new byte[] {0, 0, 0, 1});
            if ((annexB[start] & 0x1f) == 7) {
                out.writeBytes(resized(unescape(annexB, start + 1, end), widthInMacroblocks, heightInMacroblocks)
                        .nalUnit(annexB[start]));
            } else {
                out.write(annexB, start, end - start);
            }
            start = next;
        }
        return out.toByteArray();
    }

    /** Where the NAL unit after the start code at or after {@code from} begins, or -1. */
    private static int nextNal(byte[] data, int from) {
        for (int i = from; i + 2 < data.length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    private static RbspWriter resized(byte[] rbsp, int width, int height) {
        Bits in = new Bits(rbsp);
        RbspWriter out = new RbspWriter();
        int profile = in.bits(8);
        if (profile != 66 && profile != 77 && profile != 88) {
            throw new IllegalArgumentException("an SPS with chroma fields (profile " + profile + ")");
        }
        out.bits(profile, 8);
        out.bits(in.bits(16), 16); // constraint flags, level
        out.ue(in.ue()); // seq_parameter_set_id
        out.ue(in.ue()); // log2_max_frame_num_minus4
        int pocType = in.ue();
        out.ue(pocType);
        if (pocType == 0) {
            out.ue(in.ue()); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            throw new IllegalArgumentException("picture order count type 1");
        }
        out.ue(in.ue()); // max_num_ref_frames
        out.bits(in.bits(1), 1); // gaps_in_frame_num_value_allowed_flag
        in.ue();
        in.ue();
        out.ue(width - 1);
        out.ue(height - 1);
        int lastOne = in.lastOneBit();
        while (in.position() <= lastOne) {
            out.bits(in.bits(1), 1); // the rest, up to and with the RBSP stop bit
        }
        return out;
    }

    private static byte[] unescape(byte[] data, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int zeros = 0;
        for (int i = from; i < to; i++) {
            if (zeros >= 2 && data[i] == 3) {
                zeros = 0;
                continue;
            }
            zeros = data[i] == 0 ? zeros + 1 : 0;
            out.write(data[i]);
        }
        return out.toByteArray();
    }

    private static final class Bits {
        private final byte[] data;
        private int position;

        Bits(byte[] data) {
            this.data = data;
        }

        int position() {
            return position;
        }

        int bits(int count) {
            int value = 0;
            for (int i = 0; i < count; i++, position++) {
                value = value << 1 | (data[position >> 3] >> (7 - (position & 7))) & 1;
            }
            return value;
        }

        int ue() {
            int leadingZeros = 0;
            while (bits(1) == 0) {
                leadingZeros++;
            }
            return (1 << leadingZeros) - 1 + bits(leadingZeros);
        }

        int lastOneBit() {
            for (int bit = data.length * 8 - 1; bit >= 0; bit--) {
                if ((data[bit >> 3] >> (7 - (bit & 7)) & 1) == 1) {
                    return bit;
                }
            }
            throw new IllegalArgumentException("no RBSP stop bit");
        }
    }
}
