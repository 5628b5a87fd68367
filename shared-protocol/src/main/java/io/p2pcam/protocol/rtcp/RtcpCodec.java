package io.p2pcam.protocol.rtcp;

import io.p2pcam.protocol.rtcp.RtcpPacket.DelaySinceReferenceTime;
import io.p2pcam.protocol.rtcp.RtcpPacket.Nack;
import io.p2pcam.protocol.rtcp.RtcpPacket.Pli;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReceiverReport;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReferenceTime;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReportBlock;
import io.p2pcam.protocol.rtcp.RtcpPacket.SenderReport;
import io.p2pcam.protocol.rtcp.RtcpPacket.TalkRefused;
import io.p2pcam.protocol.rtcp.RtcpPacket.Unknown;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Encodes and decodes compound RTCP packets (RFC 3550 §6.1). Every packet starts with the common
 * header:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |  length (32-bit words - 1)    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Inside the encrypted session a compound may hold feedback alone (reduced-size RTCP, RFC 5506):
 * a NACK need not wait for the next report. Unknown packet types and XR blocks decode to {@link
 * Unknown} and are skipped. Stateless and thread-safe.
 */
public final class RtcpCodec {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;
    public static final int XR = 207;
    public static final int APP = 204;
    /** APP name and subtype of {@link TalkRefused}. */
    public static final int APP_TALK_NAME = 'T' << 24 | 'A' << 16 | 'L' << 8 | 'K';

    public static final int APP_TALK_REFUSED = 1;
    /** APP TALK subtype of a {@link TalkRefused} that says the camera's owner took the floor over. */
    public static final int APP_TALK_TAKEN_OVER = 2;

    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int XR_RRTR = 4;
    public static final int XR_DLRR = 5;
    private static final int VERSION = 2;
    private static final int REPORT_BLOCK_BYTES = 24;
    private static final int MAX_REPORT_BLOCKS = 31;
    /** One PID/BLP pair covers its PID and the 16 sequence numbers after it. */
    private static final int NACK_SPAN = 17;

    private RtcpCodec() {}

    public static byte[] encode(List<? extends RtcpPacket> packets) {
        ByteBuffer out = ByteBuffer.allocate(encodedLength(packets));
        for (RtcpPacket packet : packets) {
            write(packet, out);
        }
        return out.array();
    }

    public static byte[] encode(RtcpPacket... packets) {
        return encode(List.of(packets));
    }

    public static List<RtcpPacket> decode(byte[] data) throws MalformedRtcpException {
        return decode(data, 0, data.length);
    }

    public static List<RtcpPacket> decode(byte[] data, int offset, int length) throws MalformedRtcpException {
        if (length < 4) {
            throw new MalformedRtcpException("shorter than a header");
        }
        List<RtcpPacket> packets = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        while (in.remaining() > 0) {
            if (in.remaining() < 4) {
                throw new MalformedRtcpException(in.remaining() + " trailing bytes");
            }
            int first = in.get() & 0xff;
            int type = in.get() & 0xff;
            int bytes = ((in.getShort() & 0xffff) + 1) * 4 - 4;
            if (first >>> 6 != VERSION) {
                throw new MalformedRtcpException("version " + (first >>> 6));
            }
            if (bytes > in.remaining()) {
                throw new MalformedRtcpException("length " + bytes + " exceeds the " + in.remaining() + " bytes left");
            }
            int end = in.position() + bytes; // the buffer's positions are indices into data
            int padding = 0;
            if ((first & 0x20) != 0) {
                padding = bytes == 0 ? 0 : data[end - 1] & 0xff;
                if (padding == 0 || padding > bytes) {
                    throw new MalformedRtcpException("bad padding");
                }
            }
            ByteBuffer body = in.slice(in.position(), bytes - padding);
            try {
                readBody(first & 0x1f, type, body, packets);
            } catch (BufferUnderflowException e) {
                throw new MalformedRtcpException("packet type " + type + " shorter than its fields");
            }
            in.position(end);
        }
        return packets;
    }

    private static void readBody(int count, int type, ByteBuffer body, List<RtcpPacket> packets)
            throws MalformedRtcpException {
        switch (type) {
            case SR -> {
                long ssrc = u32(body);
                long ntp = body.getLong();
                packets.add(new SenderReport(ssrc, ntp, u32(body), u32(body), u32(body), blocks(count, body)));
            }
            case RR -> packets.add(new ReceiverReport(u32(body), blocks(count, body)));
            case RTPFB -> {
                if (count != FMT_NACK) {
                    packets.add(new Unknown(type, count));
                    return;
                }
                long sender = u32(body);
                long media = u32(body);
                TreeSet<Integer> lost = new TreeSet<>();
                while (body.remaining() >= 4) {
                    int pid = body.getShort() & 0xffff;
                    int blp = body.getShort() & 0xffff;
                    lost.add(pid);
                    for (int bit = 0; bit < 16; bit++) {
                        if ((blp >>> bit & 1) != 0) {
                            lost.add(pid + bit + 1 & 0xffff);
                        }
                    }
                }
                packets.add(new Nack(sender, media, new ArrayList<>(lost)));
            }
            case PSFB -> packets.add(count == FMT_PLI ? new Pli(u32(body), u32(body)) : new Unknown(type, count));
            case XR -> readExtendedReport(body, packets);
            case APP -> readApplication(count, body, packets);
            default -> packets.add(new Unknown(type, count));
        }
    }

    /** APP (RFC 3550 §6.7): our TALK refusal or take-over, any other name or subtype skipped. */
    private static void readApplication(int subtype, ByteBuffer body, List<RtcpPacket> packets)
            throws MalformedRtcpException {
        long ssrc = u32(body);
        if (body.remaining() < 4
                || body.getInt() != APP_TALK_NAME
                || subtype != APP_TALK_REFUSED && subtype != APP_TALK_TAKEN_OVER) {
            packets.add(new Unknown(APP, subtype));
            return;
        }
        int length = body.get() & 0xff;
        if (length > body.remaining() || length > TalkRefused.MAX_HOLDER_BYTES) {
            throw new MalformedRtcpException("TALK holder name of " + length + " bytes");
        }
        byte[] holder = new byte[length];
        body.get(holder);
        packets.add(new TalkRefused(ssrc, Utf8.decodeLenient(holder), subtype == APP_TALK_TAKEN_OVER));
    }

    private static void readExtendedReport(ByteBuffer body, List<RtcpPacket> packets) throws MalformedRtcpException {
        long ssrc = u32(body);
        while (body.remaining() >= 4) {
            int blockType = body.get() & 0xff;
            body.get();
            int bytes = (body.getShort() & 0xffff) * 4;
            if (bytes > body.remaining()) {
                throw new MalformedRtcpException("XR block longer than its packet");
            }
            ByteBuffer block = body.slice(body.position(), bytes);
            body.position(body.position() + bytes);
            if (blockType == XR_RRTR && bytes == 8) {
                packets.add(new ReferenceTime(ssrc, block.getLong()));
            } else if (blockType == XR_DLRR) {
                while (block.remaining() >= 12) {
                    packets.add(new DelaySinceReferenceTime(ssrc, u32(block), u32(block), u32(block)));
                }
            } else {
                packets.add(new Unknown(XR, blockType));
            }
        }
    }

    private static List<ReportBlock> blocks(int count, ByteBuffer body) {
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long ssrc = u32(body);
            int fraction = body.get() & 0xff;
            int cumulative = (body.get() << 16) | (body.get() & 0xff) << 8 | body.get() & 0xff; // 24-bit signed
            blocks.add(new ReportBlock(ssrc, fraction, cumulative, u32(body), u32(body), u32(body), u32(body)));
        }
        return blocks;
    }

    private static int encodedLength(List<? extends RtcpPacket> packets) {
        int total = 0;
        for (RtcpPacket packet : packets) {
            total += 4 + bodyLength(packet);
        }
        return total;
    }

    private static int bodyLength(RtcpPacket packet) {
        return switch (packet) {
            case SenderReport sr -> 24 + REPORT_BLOCK_BYTES * sr.reports().size();
            case ReceiverReport rr -> 4 + REPORT_BLOCK_BYTES * rr.reports().size();
            case Nack nack -> 8 + 4 * nackPairs(nack.lost()).size();
            case Pli pli -> 8;
            case ReferenceTime rrtr -> 4 + 4 + 8;
            case DelaySinceReferenceTime dlrr -> 4 + 4 + 12;
            case TalkRefused talk -> 8 + (1 + Utf8.length(talk.holder()) + 3) / 4 * 4;
            case Unknown unknown -> throw new IllegalArgumentException("cannot encode " + unknown);
        };
    }

    private static void write(RtcpPacket packet, ByteBuffer out) {
        int words = bodyLength(packet) / 4;
        switch (packet) {
            case SenderReport sr -> {
                header(out, checkBlocks(sr.reports()), SR, words);
                out.putInt((int) sr.ssrc())
                        .putLong(sr.ntpTime())
                        .putInt((int) sr.rtpTimestamp())
                        .putInt((int) sr.packetCount())
                        .putInt((int) sr.octetCount());
                sr.reports().forEach(block -> writeBlock(block, out));
            }
            case ReceiverReport rr -> {
                header(out, checkBlocks(rr.reports()), RR, words);
                out.putInt((int) rr.ssrc());
                rr.reports().forEach(block -> writeBlock(block, out));
            }
            case Nack nack -> {
                header(out, FMT_NACK, RTPFB, words);
                out.putInt((int) nack.senderSsrc()).putInt((int) nack.mediaSsrc());
                for (int[] pair : nackPairs(nack.lost())) {
                    out.putShort((short) pair[0]).putShort((short) pair[1]);
                }
            }
            case Pli pli -> {
                header(out, FMT_PLI, PSFB, words);
                out.putInt((int) pli.senderSsrc()).putInt((int) pli.mediaSsrc());
            }
            case ReferenceTime rrtr -> {
                header(out, 0, XR, words);
                out.putInt((int) rrtr.ssrc())
                        .put((byte) XR_RRTR)
                        .put((byte) 0)
                        .putShort((short) 2)
                        .putLong(rrtr.ntpTime());
            }
            case DelaySinceReferenceTime dlrr -> {
                header(out, 0, XR, words);
                out.putInt((int) dlrr.ssrc())
                        .put((byte) XR_DLRR)
                        .put((byte) 0)
                        .putShort((short) 3)
                        .putInt((int) dlrr.receiverSsrc())
                        .putInt((int) dlrr.lastRr())
                        .putInt((int) dlrr.delaySinceLastRr());
            }
            case TalkRefused talk -> {
                header(out, talk.takenOver() ? APP_TALK_TAKEN_OVER : APP_TALK_REFUSED, APP, words);
                byte[] holder = talk.holder().getBytes(StandardCharsets.UTF_8);
                out.putInt((int) talk.ssrc())
                        .putInt(APP_TALK_NAME)
                        .put((byte) holder.length)
                        .put(holder);
                for (int pad = (1 + holder.length) % 4; pad != 0 && pad < 4; pad++) {
                    out.put((byte) 0);
                }
            }
            case Unknown unknown -> throw new IllegalArgumentException("cannot encode " + unknown);
        }
    }

    /**
     * Sequence numbers as PID/BLP pairs (RFC 4585 §6.2.1): each PID is the first number not yet
     * covered, bit i of its BLP marks PID+i+1. Wrap-around order: numbers are taken as given,
     * sorted by distance from the first.
     */
    static List<int[]> nackPairs(List<Integer> lost) {
        List<int[]> pairs = new ArrayList<>();
        if (lost.isEmpty()) {
            return pairs;
        }
        int base = lost.getFirst();
        TreeSet<Integer> offsets = new TreeSet<>();
        for (int seq : lost) {
            offsets.add(seq - base & 0xffff);
        }
        int[] current = null;
        int currentOffset = 0;
        for (int offset : offsets) {
            if (current == null || offset - currentOffset >= NACK_SPAN) {
                current = new int[] {base + offset & 0xffff, 0};
                currentOffset = offset;
                pairs.add(current);
            } else {
                current[1] |= 1 << (offset - currentOffset - 1);
            }
        }
        return pairs;
    }

    private static int checkBlocks(List<ReportBlock> blocks) {
        if (blocks.size() > MAX_REPORT_BLOCKS) {
            throw new IllegalArgumentException("at most 31 report blocks, not " + blocks.size());
        }
        return blocks.size();
    }

    private static void header(ByteBuffer out, int count, int type, int words) {
        out.put((byte) (VERSION << 6 | count)).put((byte) type).putShort((short) words);
    }

    private static void writeBlock(ReportBlock block, ByteBuffer out) {
        int cumulative = Math.max(-0x800000, Math.min(0x7FFFFF, block.cumulativeLost()));
        out.putInt((int) block.ssrc())
                .put((byte) block.fractionLost())
                .put((byte) (cumulative >> 16))
                .put((byte) (cumulative >> 8))
                .put((byte) cumulative)
                .putInt((int) block.highestSequence())
                .putInt((int) block.jitter())
                .putInt((int) block.lastSr())
                .putInt((int) block.delaySinceLastSr());
    }

    private static long u32(ByteBuffer in) {
        return in.getInt() & 0xFFFF_FFFFL;
    }
}
