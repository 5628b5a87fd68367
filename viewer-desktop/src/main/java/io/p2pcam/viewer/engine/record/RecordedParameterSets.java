package io.p2pcam.viewer.engine.record;

import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.NalHeader;
import java.util.Arrays;
import java.util.List;

/**
 * The newest sequence and picture parameter sets (H.264 §7.3.2.1, §7.3.2.2) seen in a stream,
 * each one NAL unit without start code. A camera repeats them before every IDR; the recorder
 * needs them before the first sample to describe the stream in the MP4's sample entry.
 * Immutable; {@code null} marks one not seen yet.
 */
record RecordedParameterSets(byte[] sps, byte[] pps) {

    /** Neither seen yet. */
    static final RecordedParameterSets NONE = new RecordedParameterSets(null, null);

    /** These sets, replaced by any SPS or PPS among {@code nalUnits} (the last of each wins). */
    RecordedParameterSets updatedBy(List<byte[]> nalUnits) {
        byte[] newSps = sps;
        byte[] newPps = pps;
        for (byte[] nalUnit : nalUnits) {
            switch (NalHeader.type(nalUnit[0])) {
                case NalHeader.SPS -> newSps = nalUnit;
                case NalHeader.PPS -> newPps = nalUnit;
                default -> {
                    // Slices and SEI do not describe the stream.
                }
            }
        }
        return newSps == sps && newPps == pps ? this : new RecordedParameterSets(newSps, newPps);
    }

    /** Whether both an SPS and a PPS have been seen. */
    boolean complete() {
        return sps != null && pps != null;
    }

    /**
     * SPS then PPS in Annex B form: the extradata FFmpeg's MP4 muxer turns into the {@code avcC}
     * box (ISO/IEC 14496-15 §5.3.3.1), profile, level and, for High profiles, chroma format and
     * bit depths included.
     */
    byte[] annexB() {
        if (!complete()) {
            throw new IllegalStateException("SPS or PPS missing");
        }
        return AnnexB.join(List.of(sps, pps));
    }

    /** Whether {@code other} holds the same bytes (the record's equals compares references). */
    boolean sameAs(RecordedParameterSets other) {
        return Arrays.equals(sps, other.sps) && Arrays.equals(pps, other.pps);
    }
}
