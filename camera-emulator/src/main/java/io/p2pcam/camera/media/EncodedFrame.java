package io.p2pcam.camera.media;

/**
 * One encoded picture: an H.264 access unit in Annex B form (start codes before every NAL unit),
 * as {@link io.p2pcam.protocol.media.AnnexB#split} and the RTP packetizer take it. A keyframe
 * carries SPS, PPS and an IDR slice, so a decoder can start there.
 *
 * <p>One instance is handed to every viewer: immutable by contract, nobody writes into
 * {@link #annexB()}.
 *
 * @param annexB the access unit; shared, never modified
 * @param keyframe whether this is an IDR picture with its parameter sets
 * @param frameNumber the source's frame number of the picture
 * @param captureMicros when the picture was captured, microseconds since the epoch
 * @param pts presentation time in frame periods of the encoder's rate (1/fps)
 * @param dts decoding time, same unit; equal to {@code pts} (no B-frames)
 */
public record EncodedFrame(byte[] annexB, boolean keyframe, long frameNumber, long captureMicros, long pts, long dts) {

    public int size() {
        return annexB.length;
    }

    @Override
    public String toString() {
        return "EncodedFrame[#" + frameNumber + (keyframe ? " key" : "") + ", " + annexB.length + " bytes, pts " + pts
                + "]";
    }
}
