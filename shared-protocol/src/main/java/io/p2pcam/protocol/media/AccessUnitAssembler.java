package io.p2pcam.protocol.media;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.LossReason;
import java.util.function.Consumer;

/**
 * Rebuilds access units from RTP packets already in sequence order (RFC 6184 §5.6 single NAL
 * unit, §5.7.1 STAP-A, §5.8 FU-A), writing their NAL units in Annex B form.
 *
 * <p>An access unit is the run of packets sharing one timestamp; it ends with the marker bit
 * (RFC 6184 §5.1) or, when the marker packet was lost or never set, with the first packet of the
 * next timestamp. Any gap in sequence numbers makes the access unit around it incomplete; a gap
 * at a timestamp change makes both neighbours incomplete, since the missing packets could belong
 * to either. Incomplete access units are reported, never emitted as if intact.
 *
 * <p>Buffers at most {@code maxAccessUnitSize} bytes. Not thread-safe.
 */
final class AccessUnitAssembler {

    private static final int NO_FRAGMENT = -1;
    private static final int FU_START = 0x80;
    private static final int FU_END = 0x40;
    private static final int STAP_A_SIZE_LENGTH = 2;

    private final Consumer<DepacketizerEvent> events;
    private final AnnexBBuffer buffer;
    private boolean active;
    private long timestamp;
    private boolean keyframe;
    private LossReason loss;
    private int fragmentType = NO_FRAGMENT;

    AccessUnitAssembler(int maxAccessUnitSize, Consumer<DepacketizerEvent> events) {
        this.buffer = new AnnexBBuffer(maxAccessUnitSize);
        this.events = events;
    }

    /** Takes the next packet in sequence order; {@code afterGap} if packets before it were lost. */
    void accept(RtpPacket packet, boolean afterGap) {
        if (active && packet.timestamp() != timestamp) {
            if (afterGap) {
                markLost(LossReason.SEQUENCE_GAP);
            }
            finish();
        }
        if (!active) {
            active = true;
            timestamp = packet.timestamp();
        }
        if (afterGap) {
            markLost(LossReason.SEQUENCE_GAP);
        }
        if (loss == null) {
            readPayload(packet.payload());
        }
        if (packet.marker()) {
            finish();
        }
    }

    /** Reports a pending access unit, whose last packet has not come, as incomplete. */
    void flush() {
        if (active) {
            markLost(LossReason.END_NOT_SEEN);
            finish();
        }
    }

    private void readPayload(byte[] payload) {
        if (payload.length == 0) {
            return; // Padding-only packets carry no media.
        }
        int type = NalHeader.type(payload[0]);
        if (type == NalHeader.FU_A) {
            readFragment(payload);
        } else if (fragmentType != NO_FRAGMENT) {
            markLost(LossReason.FRAGMENT_WITHOUT_END);
        } else if (NalHeader.isSingleNalType(type)) {
            appendNalUnit(payload, 0, payload.length);
        } else if (type == NalHeader.STAP_A) {
            readStapA(payload);
        } else if (type != 0 && type < 30) {
            markLost(LossReason.UNSUPPORTED_PACKET_TYPE);
        }
        // Types 0, 30 and 31 are reserved; RFC 6184 §5.2 says to ignore them.
    }

    /** RFC 6184 §5.7.1: one or more (16-bit size, NAL unit) pairs after the STAP-A header. */
    private void readStapA(byte[] payload) {
        int position = 1;
        do {
            if (position + STAP_A_SIZE_LENGTH > payload.length) {
                markLost(LossReason.MALFORMED_PAYLOAD);
                return;
            }
            int size = (payload[position] & 0xFF) << 8 | payload[position + 1] & 0xFF;
            position += STAP_A_SIZE_LENGTH;
            if (size == 0
                    || size > payload.length - position
                    || !NalHeader.isSingleNalType(NalHeader.type(payload[position]))) {
                markLost(LossReason.MALFORMED_PAYLOAD);
                return;
            }
            appendNalUnit(payload, position, size);
            position += size;
        } while (position < payload.length);
    }

    /** RFC 6184 §5.8: FU indicator, FU header (S, E, R, type), then a piece of the NAL unit. */
    private void readFragment(byte[] payload) {
        if (payload.length < 2) {
            markLost(LossReason.MALFORMED_PAYLOAD);
            return;
        }
        int fuHeader = payload[1] & 0xFF;
        boolean start = (fuHeader & FU_START) != 0;
        boolean end = (fuHeader & FU_END) != 0;
        int type = fuHeader & NalHeader.TYPE_MASK;
        if (start && end || !NalHeader.isSingleNalType(type)) {
            markLost(LossReason.MALFORMED_PAYLOAD);
        } else if (start && fragmentType != NO_FRAGMENT) {
            markLost(LossReason.FRAGMENT_WITHOUT_END);
        } else if (!start && fragmentType == NO_FRAGMENT) {
            markLost(LossReason.FRAGMENT_WITHOUT_START);
        } else if (!start && type != fragmentType) {
            markLost(LossReason.MALFORMED_PAYLOAD);
        } else {
            if (start) {
                fragmentType = type;
                beginNalUnit((byte) (payload[0] & NalHeader.F_AND_NRI_MASK | type));
            }
            write(payload, 2, payload.length - 2);
            if (end) {
                fragmentType = NO_FRAGMENT;
            }
        }
    }

    private void appendNalUnit(byte[] source, int offset, int length) {
        beginNalUnit(source[offset]);
        write(source, offset + 1, length - 1);
    }

    private void beginNalUnit(byte header) {
        keyframe |= NalHeader.type(header) == NalHeader.IDR_SLICE;
        write(AnnexB.START_CODE, 0, AnnexB.START_CODE.length);
        if (loss == null && !buffer.write(header)) {
            markLost(LossReason.TOO_LARGE);
        }
    }

    private void write(byte[] source, int offset, int length) {
        if (loss == null && !buffer.write(source, offset, length)) {
            markLost(LossReason.TOO_LARGE);
        }
    }

    /** Keeps the first reason: later ones are usually consequences of it. */
    private void markLost(LossReason reason) {
        if (loss == null) {
            loss = reason;
        }
    }

    private void finish() {
        if (fragmentType != NO_FRAGMENT) {
            markLost(LossReason.FRAGMENT_WITHOUT_END);
        }
        if (loss != null) {
            events.accept(new IncompleteAccessUnit(timestamp, loss));
        } else if (!buffer.isEmpty()) { // packets without media (padding only) make no access unit
            events.accept(new AccessUnit(timestamp, keyframe, buffer.toByteArray()));
        }
        buffer.clear();
        active = false;
        keyframe = false;
        loss = null;
        fragmentType = NO_FRAGMENT;
    }
}
