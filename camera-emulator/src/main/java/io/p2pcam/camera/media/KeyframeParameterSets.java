package io.p2pcam.camera.media;

import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.NalHeader;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the latest SPS and PPS an encoder wrote and puts them in front of a keyframe that lacks
 * them, so that every keyframe is a place where a decoder can start (H.264 §7.4.1.2.3: parameter
 * sets must precede the IDR slice that refers to them). Not thread-safe.
 */
final class KeyframeParameterSets {
    private byte[] sps;
    private byte[] pps;

    /** The access unit with SPS and PPS in front if it is a keyframe without them; otherwise itself. */
    byte[] ensureInFront(byte[] accessUnit, boolean keyframe) {
        if (!keyframe && !mayCarryParameterSets(accessUnit)) {
            return accessUnit;
        }
        List<byte[]> nalUnits = AnnexB.split(accessUnit);
        boolean hasSps = false;
        boolean hasPps = false;
        for (byte[] nalUnit : nalUnits) {
            int type = NalHeader.type(nalUnit[0]);
            if (type == NalHeader.SPS) {
                sps = nalUnit;
                hasSps = true;
            } else if (type == NalHeader.PPS) {
                pps = nalUnit;
                hasPps = true;
            }
        }
        if (!keyframe || (hasSps && hasPps) || sps == null || pps == null) {
            return accessUnit;
        }
        List<byte[]> completed = new ArrayList<>(nalUnits.size() + 2);
        if (!hasSps) {
            completed.add(sps);
        }
        if (!hasPps) {
            completed.add(pps);
        }
        completed.addAll(nalUnits);
        return AnnexB.join(completed);
    }

    /** Whether the first NAL unit is a parameter set (cheap check for non-key access units). */
    private static boolean mayCarryParameterSets(byte[] accessUnit) {
        int header = accessUnit.length > 4 && accessUnit[2] == 1 ? 3 : 4;
        if (accessUnit.length <= header) {
            return false;
        }
        int type = NalHeader.type(accessUnit[header]);
        return type == NalHeader.SPS || type == NalHeader.PPS;
    }
}
