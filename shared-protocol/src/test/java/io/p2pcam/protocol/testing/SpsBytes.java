package io.p2pcam.protocol.testing;

/**
 * Test-only: the sequence parameter set (H.264 §7.3.2.1.1, header byte first) of a constrained
 * baseline stream of a given picture size, shaped as openh264 writes them (picture order count type
 * 2, one reference frame, frame cropping for sizes that are no multiple of 16, no VUI), so that
 * tests can give their streams a size the viewer reads.
 */
public final class SpsBytes {
    private SpsBytes() {}

    /** The SPS of a {@code width} x {@code height} picture (even numbers). */
    public static byte[] baseline(int width, int height) {
        int widthInMacroblocks = (width + 15) / 16;
        int heightInMacroblocks = (height + 15) / 16;
        int cropRight = widthInMacroblocks * 16 - width;
        int cropBottom = heightInMacroblocks * 16 - height;
        RbspWriter out = new RbspWriter();
        out.bits(66, 8); // profile_idc: baseline
        out.bits(0xc0, 8); // constraint_set0 and 1: constrained baseline
        out.bits(31, 8); // level 3.1
        out.ue(0); // seq_parameter_set_id
        out.ue(0); // log2_max_frame_num_minus4
        out.ue(2); // pic_order_cnt_type
        out.ue(1); // max_num_ref_frames
        out.bits(0, 1); // gaps_in_frame_num_value_allowed_flag
        out.ue(widthInMacroblocks - 1);
        out.ue(heightInMacroblocks - 1);
        out.bits(1, 1); // frame_mbs_only_flag
        out.bits(1, 1); // direct_8x8_inference_flag
        boolean crop = cropRight > 0 || cropBottom > 0;
        out.bits(crop ? 1 : 0, 1);
        if (crop) { // in chroma units: 2 pixels for 4:2:0
            out.ue(0);
            out.ue(cropRight / 2);
            out.ue(0);
            out.ue(cropBottom / 2);
        }
        out.bits(0, 1); // vui_parameters_present_flag
        out.bits(1, 1); // rbsp_stop_one_bit, then zeros to the byte
        return out.nalUnit(0x67);
    }
}
