package io.p2pcam.protocol.media;

/**
 * Where a viewer may start an H.264 RTP stream (RFC 6184): at the first packet of an access unit
 * that begins with a parameter set or an IDR slice — as this system's cameras send every keyframe:
 * SPS, PPS, then the IDR (docs/PROTOCOL.md §10.2) — and never at a predicted picture, which a
 * decoder that has seen no keyframe can only reject. Sans I/O; feed it every packet of the stream
 * in sending order. Not thread-safe.
 */
public final class KeyframeJoin {
    private boolean atAccessUnitStart = true;

    /**
     * Whether a viewer that has received nothing yet may start with {@code rtp}; reads the packet's
     * marker bit to know where the next access unit starts.
     */
    public boolean opensKeyframe(OutgoingRtp rtp) {
        boolean opens = atAccessUnitStart && rtp.startsKeyframeNal();
        atAccessUnitStart = rtp.marker();
        return opens;
    }

    /**
     * Whether an H.264 RTP payload (RFC 6184) begins with SPS, PPS or an IDR slice: a single NAL
     * unit, the first unit of a STAP-A or the start fragment of an FU-A. Says nothing about whether
     * the packet begins its access unit (that needs the previous packet's marker bit).
     */
    public static boolean startsWithKeyframeNal(byte[] payload) {
        if (payload.length == 0) {
            return false;
        }
        int type = NalHeader.type(payload[0]);
        if (type == NalHeader.STAP_A) {
            // Aggregation: a 2-byte size, then the first aggregated unit's header.
            return payload.length > 3 && isKeyframeNal(NalHeader.type(payload[3]));
        }
        if (type == NalHeader.FU_A) {
            boolean start = payload.length > 1 && (payload[1] & 0x80) != 0;
            return start && isKeyframeNal(payload[1] & 0x1f);
        }
        return isKeyframeNal(type);
    }

    private static boolean isKeyframeNal(int nalType) {
        return nalType == NalHeader.SPS || nalType == NalHeader.PPS || nalType == NalHeader.IDR_SLICE;
    }
}
