package io.p2pcam.protocol.media;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Builders for NAL units, access units and packet streams shared by the media tests. */
final class MediaFixtures {

    static final long SSRC = 0x1234_5678L;
    static final int PAYLOAD_TYPE = 96;
    /** One frame at 30 fps on the 90 kHz clock. */
    static final long FRAME_TICKS = 3000;

    private MediaFixtures() {}

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A NAL unit of {@code size} bytes with the given header byte and random contents. */
    static byte[] nalUnit(int header, int size, Random random) {
        byte[] nalUnit = new byte[size];
        random.nextBytes(nalUnit);
        nalUnit[0] = (byte) header;
        return nalUnit;
    }

    /** A NAL unit of {@code size} bytes with a random header of a type from 1 to 23. */
    static byte[] randomNalUnit(int size, Random random) {
        int header = random.nextInt(4) << 5 | 1 + random.nextInt(NalHeader.MAX_SINGLE_NAL_TYPE);
        return nalUnit(header, size, random);
    }

    /** One access unit per list of sizes, with random NAL units. */
    static List<List<byte[]>> accessUnits(List<List<Integer>> sizes, Random random) {
        List<List<byte[]>> accessUnits = new ArrayList<>();
        for (List<Integer> nalSizes : sizes) {
            List<byte[]> nalUnits = new ArrayList<>();
            nalSizes.forEach(size -> nalUnits.add(randomNalUnit(size, random)));
            accessUnits.add(nalUnits);
        }
        return accessUnits;
    }

    /** The timestamp {@link #packetize} gives access unit {@code index}. */
    static long timestampOf(int index) {
        return (1_000 + index * FRAME_TICKS) & 0xFFFF_FFFFL;
    }

    /** Packetizes access units one frame apart; the result holds one list of packets per unit. */
    static List<List<RtpPacket>> packetize(
            List<List<byte[]>> accessUnits, int firstSequenceNumber, PacketizerConfig config) {
        H264Packetizer packetizer = new H264Packetizer(SSRC, PAYLOAD_TYPE, firstSequenceNumber, config);
        List<List<RtpPacket>> packets = new ArrayList<>();
        for (int i = 0; i < accessUnits.size(); i++) {
            packets.add(packetizer.packetize(accessUnits.get(i), timestampOf(i)));
        }
        return packets;
    }

    static List<RtpPacket> flatten(List<List<RtpPacket>> packetsPerAccessUnit) {
        return packetsPerAccessUnit.stream().flatMap(List::stream).toList();
    }

    /** Feeds the packets in the given order, then drains every event. */
    static List<DepacketizerEvent> depacketize(
            H264Depacketizer depacketizer, List<RtpPacket> packets, boolean flushAtEnd) {
        packets.forEach(depacketizer::receive);
        if (flushAtEnd) {
            depacketizer.flush();
        }
        return drain(depacketizer);
    }

    static List<DepacketizerEvent> drain(H264Depacketizer depacketizer) {
        List<DepacketizerEvent> events = new ArrayList<>();
        for (var event = depacketizer.pollEvent(); event.isPresent(); event = depacketizer.pollEvent()) {
            events.add(event.get());
        }
        return events;
    }

    static boolean containsIdr(List<byte[]> nalUnits) {
        return nalUnits.stream().anyMatch(n -> NalHeader.type(n[0]) == NalHeader.IDR_SLICE);
    }
}
