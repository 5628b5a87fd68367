package io.p2pcam.protocol.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * The sending side of an Opus stream for receivers that lay decoded frames end to end and ignore
 * the RTP timestamps (ffmpeg does: the plain RTP debug output, docs/PROTOCOL.md §10.7), sans I/O:
 * every 20 ms of RTP time gets a packet, so such a receiver keeps the sound's timing.
 *
 * <p>The sender hands over every frame the encoder made, a frame of silence that DTX leaves out of
 * the session included (its TOC byte alone, sent when it is due). A frame the source never
 * delivered (a reader that stalled loses the frames it missed, as a device would) leaves a jump in
 * the timestamps: the next packet is preceded by an empty frame for each 20 ms missing (the TOC
 * byte of that packet, frame count code 0, no data: RFC 6716 §3.2.1), which a decoder conceals as
 * it would a lost frame. A jump of more than {@link #MAX_FILLED_FRAMES} frames (a stepped clock)
 * or backwards is left as it is, the next packet marked as a new talkspurt.
 *
 * <p>Not thread-safe.
 */
public final class GaplessAudioStream {
    /** The longest run of missing frames filled: 1 s. */
    public static final int MAX_FILLED_FRAMES = 50;

    private final AudioStreamSender stream;
    private long lastTimestamp = -1;
    private long filledFrames;

    /**
     * @param ssrc this stream's SSRC (random)
     * @param firstSequence the first sequence number (random, RFC 3550 §5.1)
     */
    public GaplessAudioStream(long ssrc, int firstSequence) {
        this.stream = new AudioStreamSender(ssrc, firstSequence);
    }

    /**
     * The RTP packets, encoded, to send now for one Opus packet whose first sample has this RTP
     * timestamp: empty frames for the 20 ms missing before it, if any, then the packet itself.
     */
    public List<byte[]> packetize(byte[] opus, long timestamp) {
        List<byte[]> packets = new ArrayList<>(1);
        long missing = lastTimestamp < 0 ? 0 : ((timestamp - lastTimestamp) & 0xFFFF_FFFFL) / OpusRtp.FRAME_SAMPLES - 1;
        if (missing > 0 && missing <= MAX_FILLED_FRAMES && opus.length > 0) {
            byte[] empty = OpusRtp.emptyFrameLike(opus);
            for (long frame = 1; frame <= missing; frame++) {
                packets.add(stream.packetize(empty, lastTimestamp + frame * OpusRtp.FRAME_SAMPLES));
            }
            filledFrames += missing;
        }
        packets.add(stream.packetize(opus, timestamp));
        lastTimestamp = timestamp & 0xFFFF_FFFFL;
        return packets;
    }

    /** Empty frames sent for frames the source never delivered, so far. */
    public long filledFrames() {
        return filledFrames;
    }
}
