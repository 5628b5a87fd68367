package io.p2pcam.protocol.media;

import io.p2pcam.protocol.media.DepacketizerEvent.DropReason;
import io.p2pcam.protocol.media.DepacketizerEvent.DroppedPacket;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;

/**
 * Receives the RTP packets of one H.264 stream (RFC 6184, packetization-mode=1) in arrival order
 * and reports complete access units in Annex B form, ready for a decoder.
 *
 * <p>Packets may come slightly reordered, duplicated or not at all. Up to {@link
 * DepacketizerConfig#reorderWindow()} packets are held while a missing one may still arrive;
 * after that it counts as lost. Duplicates and late packets are dropped (and reported as {@link
 * DroppedPacket}). An access unit with any packet missing, or with a fragment whose start or end
 * is missing, is reported as {@link DepacketizerEvent.IncompleteAccessUnit} and its bytes are
 * discarded; {@link DepacketizerEvent.AccessUnit#keyframe()} tells the receiver where decoding can
 * resume. Sequence numbers wrap at 65535.
 *
 * <p>Where a stream starts: unless the first sequence number is given to the constructor, the
 * first packet received starts the stream. Packets sent before it then count as never sent: an
 * earlier packet arriving after it is dropped as {@link DropReason#STALE}, and an access unit
 * missing its first packets is caught only when the missing part leaves a visible hole (an FU-A
 * without its start). A packet with a new SSRC starts a new stream in this way, as if {@link
 * #flush} had been called before it.
 *
 * <p>In the shape of a sans-I/O core: feed packets with {@link #receive}, then drain {@link
 * #pollEvent} until it is empty. The depacketizer keeps no clock; call {@link #flush} when the
 * stream has been silent for a while or has ended, so a last access unit waiting for missing
 * packets is reported.
 *
 * <p>Memory is bounded: at most {@code reorderWindow} packets and one access unit of {@link
 * DepacketizerConfig#maxAccessUnitSize()} bytes, plus the events not yet polled. Not thread-safe:
 * one instance per incoming stream, used by one thread.
 */
public final class H264Depacketizer {

    private final Queue<DepacketizerEvent> events = new ArrayDeque<>();
    private final AccessUnitAssembler assembler;
    private final ReorderBuffer reorderBuffer;
    private boolean started;
    private long ssrc;

    public H264Depacketizer(DepacketizerConfig config) {
        Objects.requireNonNull(config, "config");
        this.assembler = new AccessUnitAssembler(config.maxAccessUnitSize(), events::add);
        this.reorderBuffer = new ReorderBuffer(config.reorderWindow(), new ReorderBuffer.Sink() {
            @Override
            public void deliver(RtpPacket packet, boolean afterGap) {
                assembler.accept(packet, afterGap);
            }

            @Override
            public void drop(RtpPacket packet, DropReason reason) {
                events.add(new DroppedPacket(packet.sequenceNumber(), reason));
            }
        });
    }

    /**
     * A depacketizer for a stream whose first sequence number is known in advance (announced by
     * the sender, as RTSP's RTP-Info does), so that losing or reordering its very first packets is
     * recognised too.
     */
    public H264Depacketizer(DepacketizerConfig config, int firstSequenceNumber) {
        this(config);
        if (firstSequenceNumber < 0 || firstSequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("not a sequence number: " + firstSequenceNumber);
        }
        reorderBuffer.expectFirst(firstSequenceNumber);
    }

    /** A depacketizer with {@link DepacketizerConfig#DEFAULTS}. */
    public H264Depacketizer() {
        this(DepacketizerConfig.DEFAULTS);
    }

    /** Takes the next packet in arrival order. The payload type is not checked. */
    public void receive(RtpPacket packet) {
        if (started && packet.ssrc() != ssrc) {
            flush();
            reorderBuffer.reset();
        }
        started = true;
        ssrc = packet.ssrc();
        reorderBuffer.offer(packet);
    }

    /**
     * Gives up waiting for missing packets: delivers everything held and reports an access unit
     * still lacking its last packet as incomplete. Packets received afterwards continue the stream.
     */
    public void flush() {
        reorderBuffer.flush();
        assembler.flush();
    }

    /** The oldest event not yet polled, or empty when there is none. */
    public Optional<DepacketizerEvent> pollEvent() {
        return Optional.ofNullable(events.poll());
    }
}
