package io.p2pcam.protocol.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.DroppedPacket;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.LossReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Packetizer and depacketizer together, over random access units and damaged deliveries. */
class PacketizationPropertiesTest {

    @Property(tries = 200)
    void anyAccessUnitRoundTripsExactlyInPacketsOfAtMostTheMaximumSize(
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 1, max = 100_000) Integer> sizes,
            @ForAll @IntRange(min = 200, max = 1500) int maxPacketSize,
            @ForAll boolean aggregate,
            @ForAll @IntRange(max = 0xFFFF) int firstSequenceNumber,
            @ForAll long seed) {
        roundTrip(sizes, new PacketizerConfig(maxPacketSize, aggregate), firstSequenceNumber, seed);
    }

    /** Tiny packets: many fragments, many STAP-A boundaries, frequent sequence number wraps. */
    @Property(tries = 500)
    void smallAccessUnitsRoundTripThroughTinyPackets(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(min = 1, max = 300) Integer> sizes,
            @ForAll @IntRange(min = PacketizerConfig.MIN_PACKET_SIZE, max = 100) int maxPacketSize,
            @ForAll boolean aggregate,
            @ForAll @IntRange(min = 0xFF00, max = 0xFFFF) int firstSequenceNumber,
            @ForAll long seed) {
        roundTrip(sizes, new PacketizerConfig(maxPacketSize, aggregate), firstSequenceNumber, seed);
    }

    private static void roundTrip(List<Integer> sizes, PacketizerConfig config, int firstSequenceNumber, long seed) {
        List<byte[]> nalUnits =
                MediaFixtures.accessUnits(List.of(sizes), new Random(seed)).getFirst();

        List<RtpPacket> packets =
                MediaFixtures.flatten(MediaFixtures.packetize(List.of(nalUnits), firstSequenceNumber, config));

        for (int i = 0; i < packets.size(); i++) {
            RtpPacket packet = packets.get(i);
            assertThat(packet.encodedLength()).isLessThanOrEqualTo(config.maxPacketSize());
            assertThat(packet.marker()).isEqualTo(i == packets.size() - 1);
            assertThat(packet.sequenceNumber()).isEqualTo((firstSequenceNumber + i) & 0xFFFF);
        }
        List<DepacketizerEvent> events =
                MediaFixtures.depacketize(depacketizerFrom(firstSequenceNumber), packets, false);
        assertThat(events).singleElement().isInstanceOfSatisfying(AccessUnit.class, unit -> {
            assertThat(unit.annexB()).isEqualTo(AnnexB.join(nalUnits));
            assertThat(unit.keyframe()).isEqualTo(MediaFixtures.containsIdr(nalUnits));
            assertThat(unit.timestamp()).isEqualTo(MediaFixtures.timestampOf(0));
        });
    }

    /**
     * Losing any one packet keeps its access unit from being emitted and reports it. When the lost
     * packet ends its access unit, the next one is reported too (the gap could belong to either);
     * every other access unit arrives intact. The last access unit is never dropped from, so that
     * something always follows the gap.
     */
    @Property(tries = 300)
    void losingAnySinglePacketReportsItsAccessUnitAndSparesTheOthers(
            @ForAll @Size(min = 2, max = 6)
                    List<@Size(min = 1, max = 4) List<@IntRange(min = 1, max = 3000) Integer>> sizes,
            @ForAll @IntRange(min = 0, max = 1000) int lostChoice,
            @ForAll @IntRange(max = 0xFFFF) int firstSequenceNumber,
            @ForAll long seed) {
        List<List<byte[]>> accessUnits = MediaFixtures.accessUnits(sizes, new Random(seed));
        List<List<RtpPacket>> perUnit =
                MediaFixtures.packetize(accessUnits, firstSequenceNumber, PacketizerConfig.DEFAULTS);
        int droppable = perUnit.subList(0, perUnit.size() - 1).stream()
                .mapToInt(List::size)
                .sum();
        List<RtpPacket> packets = new ArrayList<>(MediaFixtures.flatten(perUnit));
        RtpPacket lost = packets.remove(lostChoice % droppable);
        int lostUnit = unitOf(lost);

        List<DepacketizerEvent> events =
                MediaFixtures.depacketize(depacketizerFrom(firstSequenceNumber), packets, true);

        Map<Integer, AccessUnit> intact = intactByUnit(events);
        assertThat(intact).doesNotContainKey(lostUnit);
        assertThat(events)
                .filteredOn(IncompleteAccessUnit.class::isInstance)
                .isNotEmpty()
                .allSatisfy(e -> {
                    assertThat(unitOf(((IncompleteAccessUnit) e).timestamp())).isBetween(lostUnit, lostUnit + 1);
                    assertThat(((IncompleteAccessUnit) e).reason()).isEqualTo(LossReason.SEQUENCE_GAP);
                });
        for (int unit = 0; unit < accessUnits.size(); unit++) {
            if (unit == lostUnit || unit == lostUnit + 1 && lost.marker()) {
                continue;
            }
            assertThat(intact).containsKey(unit);
            assertThat(intact.get(unit).annexB()).isEqualTo(AnnexB.join(accessUnits.get(unit)));
        }
    }

    /** Within the default window, swapping any two neighbours loses nothing. */
    @Property(tries = 300)
    void swappingAnyTwoNeighbouringPacketsStillReassemblesEverything(
            @ForAll @Size(min = 1, max = 5)
                    List<@Size(min = 1, max = 4) List<@IntRange(min = 1, max = 3000) Integer>> sizes,
            @ForAll @IntRange(min = 0, max = 1000) int swapChoice,
            @ForAll @IntRange(max = 0xFFFF) int firstSequenceNumber,
            @ForAll long seed) {
        List<List<byte[]>> accessUnits = MediaFixtures.accessUnits(sizes, new Random(seed));
        List<RtpPacket> packets = new ArrayList<>(MediaFixtures.flatten(
                MediaFixtures.packetize(accessUnits, firstSequenceNumber, PacketizerConfig.DEFAULTS)));
        if (packets.size() > 1) {
            int swap = swapChoice % (packets.size() - 1);
            packets.add(swap + 1, packets.remove(swap));
        }

        assertAllIntact(accessUnits, MediaFixtures.depacketize(depacketizerFrom(firstSequenceNumber), packets, false));
    }

    /** A copy of any packet, arriving right after it or a few packets later, changes nothing. */
    @Property(tries = 300)
    void duplicatingAnyPacketIsIgnored(
            @ForAll @Size(min = 1, max = 5)
                    List<@Size(min = 1, max = 4) List<@IntRange(min = 1, max = 3000) Integer>> sizes,
            @ForAll @IntRange(min = 0, max = 1000) int duplicateChoice,
            @ForAll @IntRange(min = 0, max = 6) int delay,
            @ForAll @IntRange(max = 0xFFFF) int firstSequenceNumber,
            @ForAll long seed) {
        List<List<byte[]>> accessUnits = MediaFixtures.accessUnits(sizes, new Random(seed));
        List<RtpPacket> packets = new ArrayList<>(MediaFixtures.flatten(
                MediaFixtures.packetize(accessUnits, firstSequenceNumber, PacketizerConfig.DEFAULTS)));
        int original = duplicateChoice % packets.size();
        packets.add(Math.min(original + 1 + delay, packets.size()), packets.get(original));

        List<DepacketizerEvent> events =
                MediaFixtures.depacketize(depacketizerFrom(firstSequenceNumber), packets, false);

        assertThat(events).filteredOn(DroppedPacket.class::isInstance).hasSize(1);
        assertAllIntact(accessUnits, events);
    }

    private static H264Depacketizer depacketizerFrom(int firstSequenceNumber) {
        return new H264Depacketizer(DepacketizerConfig.DEFAULTS, firstSequenceNumber);
    }

    private static void assertAllIntact(List<List<byte[]>> accessUnits, List<DepacketizerEvent> events) {
        List<AccessUnit> emitted = events.stream()
                .filter(AccessUnit.class::isInstance)
                .map(AccessUnit.class::cast)
                .toList();
        assertThat(events).noneMatch(IncompleteAccessUnit.class::isInstance);
        assertThat(emitted).hasSameSizeAs(accessUnits);
        for (int unit = 0; unit < accessUnits.size(); unit++) {
            assertThat(emitted.get(unit).timestamp()).isEqualTo(MediaFixtures.timestampOf(unit));
            assertThat(emitted.get(unit).annexB()).isEqualTo(AnnexB.join(accessUnits.get(unit)));
        }
    }

    private static Map<Integer, AccessUnit> intactByUnit(List<DepacketizerEvent> events) {
        Map<Integer, AccessUnit> intact = new HashMap<>();
        for (DepacketizerEvent event : events) {
            if (event instanceof AccessUnit unit) {
                assertThat(intact.put(unitOf(unit.timestamp()), unit)).isNull();
            }
        }
        return intact;
    }

    private static int unitOf(RtpPacket packet) {
        return unitOf(packet.timestamp());
    }

    private static int unitOf(long timestamp) {
        return (int) ((timestamp - MediaFixtures.timestampOf(0)) / MediaFixtures.FRAME_TICKS);
    }
}
