package io.p2pcam.protocol.media;

/**
 * The picture size an H.264 sequence parameter set announces (H.264 §7.3.2.1.1, §7.4.2.1.1):
 * macroblocks times 16, less the frame cropping. It is how a viewer tells a camera's streams apart
 * without asking (docs/PROTOCOL.md §10.9: the sub-stream is the smaller one), since every keyframe
 * carries its SPS in-band (§10.2). Reads every profile's SPS, chroma fields and scaling lists of the
 * High profiles included; an SPS cut short or out of range reads as {@link #UNKNOWN}, never throws:
 * the bytes come from the network.
 */
public record PictureSize(int width, int height) {
    public static final PictureSize UNKNOWN = new PictureSize(0, 0);

    /** Largest macroblock count per side taken: 2^16 pixels, more than any level allows. */
    private static final int MAX_MACROBLOCKS = 4096;

    public boolean known() {
        return width > 0 && height > 0;
    }

    /** Pixels in the picture; 0 when unknown. */
    public long area() {
        return (long) width * height;
    }

    /** The size {@code sps} (one NAL unit, its header byte first, as it travels) announces, or {@link #UNKNOWN}. */
    public static PictureSize ofSps(byte[] sps) {
        if (sps.length < 4 || NalHeader.type(sps[0]) != NalHeader.SPS) {
            return UNKNOWN;
        }
        try {
            return read(new ExpGolombReader(sps, 1));
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return UNKNOWN; // cut short, or a value out of range
        }
    }

    private static PictureSize read(ExpGolombReader in) {
        int profile = in.bits(8);
        in.bits(16); // constraint flags, level_idc
        in.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        if (hasChromaFields(profile)) {
            chromaFormat = in.ue();
            if (chromaFormat > 3) {
                throw new IllegalArgumentException("chroma_format_idc " + chromaFormat);
            }
            if (chromaFormat == 3) {
                separateColourPlanes = in.bit();
            }
            in.ue(); // bit_depth_luma_minus8
            in.ue(); // bit_depth_chroma_minus8
            in.bit(); // qpprime_y_zero_transform_bypass_flag
            if (in.bit()) { // seq_scaling_matrix_present_flag
                skipScalingLists(in, chromaFormat == 3 ? 12 : 8);
            }
        }
        in.ue(); // log2_max_frame_num_minus4
        int pocType = in.ue();
        if (pocType == 0) {
            in.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            in.bit(); // delta_pic_order_always_zero_flag
            in.se(); // offset_for_non_ref_pic
            in.se(); // offset_for_top_to_bottom_field
            int cycle = in.ue();
            if (cycle > 255) {
                throw new IllegalArgumentException("num_ref_frames_in_pic_order_cnt_cycle " + cycle);
            }
            for (int i = 0; i < cycle; i++) {
                in.se();
            }
        }
        in.ue(); // max_num_ref_frames
        in.bit(); // gaps_in_frame_num_value_allowed_flag
        int widthInMacroblocks = in.ue() + 1;
        int heightInMapUnits = in.ue() + 1;
        boolean frameMbsOnly = in.bit();
        if (!frameMbsOnly) {
            in.bit(); // mb_adaptive_frame_field_flag
        }
        in.bit(); // direct_8x8_inference_flag
        int frameHeightInMacroblocks = (frameMbsOnly ? 1 : 2) * heightInMapUnits;
        if (widthInMacroblocks > MAX_MACROBLOCKS || frameHeightInMacroblocks > MAX_MACROBLOCKS) {
            throw new IllegalArgumentException("picture too large");
        }
        int width = widthInMacroblocks * 16;
        int height = frameHeightInMacroblocks * 16;
        if (in.bit()) { // frame_cropping_flag: in chroma units (§7.4.2.1.1, Table 6-1)
            int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
            int cropX = chromaArrayType == 1 || chromaArrayType == 2 ? 2 : 1;
            int cropY = (chromaArrayType == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
            width -= cropX * (in.ue() + in.ue());
            height -= cropY * (in.ue() + in.ue());
        }
        return width > 0 && height > 0 ? new PictureSize(width, height) : UNKNOWN;
    }

    /** The profiles whose SPS carries chroma format, bit depths and scaling lists (§7.3.2.1.1). */
    private static boolean hasChromaFields(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    /** scaling_list() of §7.3.2.1.1.1, read and dropped: 6 lists of 16, then of 64. */
    private static void skipScalingLists(ExpGolombReader in, int lists) {
        for (int i = 0; i < lists; i++) {
            if (!in.bit()) { // seq_scaling_list_present_flag
                continue;
            }
            int size = i < 6 ? 16 : 64;
            int last = 8;
            int next = 8;
            for (int j = 0; j < size && next != 0; j++) {
                next = (last + in.se() + 256) % 256;
                last = next == 0 ? last : next;
            }
        }
    }
}
