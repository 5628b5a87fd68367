package io.p2pcam.protocol.media;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@link H264Depacketizer} reports: an access unit that arrived intact, one that did not, or
 * a packet it threw away. Events come out in the order their access units were completed.
 */
public sealed interface DepacketizerEvent {

    /**
     * A complete access unit, every packet of it received, ready for a decoder.
     *
     * <p>Ownership: {@code annexB} belongs to whoever polled the event; the depacketizer keeps no
     * reference to it. Equality compares it by content.
     *
     * @param timestamp the RTP timestamp of the access unit
     * @param keyframe whether it holds an IDR slice (NAL type 5), so decoding can start or resume
     *     here after a loss
     * @param annexB its NAL units in Annex B form, each after a four-byte start code
     */
    record AccessUnit(long timestamp, boolean keyframe, byte[] annexB) implements DepacketizerEvent {

        /** The NAL units without start codes, as {@link AnnexB#split} gives them. */
        public List<byte[]> nalUnits() {
            return AnnexB.split(annexB);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AccessUnit that
                    && timestamp == that.timestamp
                    && keyframe == that.keyframe
                    && Arrays.equals(annexB, that.annexB);
        }

        @Override
        public int hashCode() {
            return Objects.hash(timestamp, keyframe) + 31 * Arrays.hashCode(annexB);
        }

        @Override
        public String toString() {
            return "AccessUnit[ts=" + timestamp + (keyframe ? ", keyframe" : "") + ", " + annexB.length + " bytes]";
        }
    }

    /**
     * An access unit that cannot be decoded as it arrived: some of it is missing or broken. Its
     * bytes are discarded. Later access units are unusable until the next keyframe, so a receiver
     * typically asks the sender for one (PLI, RFC 4585 §6.3.1) and skips until it comes.
     *
     * @param timestamp the RTP timestamp of the packets that did arrive
     * @param reason the first problem found
     */
    record IncompleteAccessUnit(long timestamp, LossReason reason) implements DepacketizerEvent {}

    /**
     * A packet ignored before reassembly. It does not make any access unit incomplete by itself.
     *
     * @param sequenceNumber the packet's RTP sequence number
     * @param reason why it was ignored
     */
    record DroppedPacket(int sequenceNumber, DropReason reason) implements DepacketizerEvent {}

    /** Why an access unit is incomplete. */
    enum LossReason {
        /** Packets are missing in the sequence numbers within or just before the access unit. */
        SEQUENCE_GAP,
        /** An FU-A middle or end fragment came without the start of its NAL unit. */
        FRAGMENT_WITHOUT_START,
        /** A fragmented NAL unit was interrupted before its end fragment. */
        FRAGMENT_WITHOUT_END,
        /** The payload breaks RFC 6184 (truncated STAP-A, FU-A with both S and E set, …). */
        MALFORMED_PAYLOAD,
        /** A payload type that packetization-mode=1 does not allow (STAP-B, MTAP, FU-B). */
        UNSUPPORTED_PACKET_TYPE,
        /** The access unit outgrew {@link DepacketizerConfig#maxAccessUnitSize()}. */
        TOO_LARGE,
        /** The stream was flushed while the access unit still waited for its last packet. */
        END_NOT_SEEN,
        /**
         * Not the depacketizer's: a receiver whose decoder fell behind dropped the access units
         * queued for it and resumes at the next keyframe.
         */
        DECODER_BEHIND
    }

    /** Why a packet was ignored. */
    enum DropReason {
        /** The same sequence number is already waiting in the reorder buffer. */
        DUPLICATE,
        /** Its sequence number was already delivered or given up as lost. */
        STALE,
        /**
         * Its sequence number is far from the expected one (RFC 3550 Appendix A.1); a second packet
         * continuing from it confirms a restarted sequence.
         */
        SEQUENCE_JUMP
    }
}
