package io.p2pcam.protocol.audio;

import static io.p2pcam.protocol.audio.AudioPackets.SSRC;
import static io.p2pcam.protocol.audio.AudioPackets.T0;
import static io.p2pcam.protocol.audio.AudioPackets.drain;
import static io.p2pcam.protocol.audio.AudioPackets.frame;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Packets of any whole number of 10 ms play, each in a slot of its own time, as third-party senders
 * send them (ffmpeg's {@code -frame_duration 10}, 40, 60): a frame is one packet's time. Packets
 * that are not Opus, or of 2.5 and 5 ms frames that do not add up to 10 ms, are counted, not slotted.
 */
class AudioJitterBufferPacketDurationTest {
    /** SILK wideband, one frame of 10 ms (configuration 8, code 0). */
    private static final byte[] SILK_10_MS = {(byte) (8 << 3), 1};
    /** SILK wideband, two frames of 20 ms (configuration 9, code 1): a 40 ms packet. */
    private static final byte[] SILK_2X20_MS = {(byte) (9 << 3 | 1), 1, 2};
    /** SILK wideband, one frame of 60 ms (configuration 11): what ffmpeg's libopus sends with -frame_duration 60. */
    private static final byte[] SILK_60_MS = {(byte) (11 << 3), 1};

    private static RtpPacket packet(int sequence, long samplesAfterT0, byte[] opus) {
        return new RtpPacket(
                OpusRtp.PAYLOAD_TYPE,
                false,
                65_530 + sequence & 0xFFFF,
                T0 + samplesAfterT0 & 0xFFFF_FFFFL,
                SSRC,
                opus);
    }

    private static List<String> kinds(List<AudioJitterBuffer.Slot> slots) {
        List<String> kinds = new ArrayList<>();
        for (AudioJitterBuffer.Slot slot : slots) {
            kinds.add(slot.getClass().getSimpleName() + " " + slot.samples());
        }
        return kinds;
    }

    @Test
    void packetsThatAreNotOpusOfWhole10MsAreDroppedAndCountedWithoutTouchingTheSchedule() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        // A CELT frame of 2.5 ms and one of 5 ms (configurations 16 and 17, code 0), and no header at all.
        byte[][] unsupported = {{(byte) (16 << 3), 1}, {(byte) (17 << 3), 1}, {}};
        for (int i = 0; i < unsupported.length; i++) {
            buffer.offer(packet(i + 1, (i + 1L) * OpusRtp.FRAME_SAMPLES, unsupported[i]), 10);
        }
        // Two 5 ms frames in one packet (code 1) are 10 ms: played.
        buffer.offer(packet(4, 4L * OpusRtp.FRAME_SAMPLES, new byte[] {(byte) (17 << 3 | 1), 1, 2}), 20);

        assertThat(buffer.stats().unsupported()).isEqualTo(3);
        assertThat(buffer.stats().received()).isEqualTo(5);
        assertThat(kinds(drain(buffer, 130))) // slots at 40, 60, …, 120 ms
                .as("the three sequence numbers missing are loss, the last one rebuilt from the next packet's FEC")
                .containsExactly("Packet 960", "Lost 960", "Lost 960", "Recovered 960", "Packet 480");
    }

    @Test
    void sixtyMillisecondPacketsPlayInSixtyMillisecondSlotsAndALostOneIsRebuiltFromTheNextOnesFec() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(packet(0, 0, SILK_60_MS), 0);
        assertThat(buffer.nextTimeout()).isEqualTo(40);
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>(drain(buffer, 40));
        assertThat(buffer.nextTimeout()).as("the next slot: 60 ms later").isEqualTo(100);
        // Packet 1 (60–120 ms) lost; packet 2 comes in time to rebuild it.
        buffer.offer(packet(2, 2L * 2_880, SILK_60_MS), 120);
        slots.addAll(drain(buffer, 160));
        buffer.offer(packet(3, 3L * 2_880, SILK_60_MS), 180);
        slots.addAll(drain(buffer, 220));

        assertThat(kinds(slots)).containsExactly("Packet 2880", "Recovered 2880", "Packet 2880", "Packet 2880");
        assertThat(((AudioJitterBuffer.Recovered) slots.get(1)).next()).isEqualTo(SILK_60_MS);
        assertThat(slots)
                .extracting(AudioJitterBuffer.Slot::timestamp)
                .containsExactly(
                        T0 & 0xFFFF_FFFFL,
                        T0 + 2_880 & 0xFFFF_FFFFL,
                        T0 + 5_760 & 0xFFFF_FFFFL,
                        T0 + 8_640 & 0xFFFF_FFFFL);
        AudioJitterBuffer.Stats stats = buffer.stats();
        assertThat(stats.lost()).isEqualTo(1);
        assertThat(stats.recovered()).isEqualTo(1);
        assertThat(stats.frameMillis()).isEqualTo(60);
        assertThat(stats.unsupported()).isZero();
    }

    @Test
    void tenMillisecondPacketsPlayEveryTenMilliseconds() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        List<AudioJitterBuffer.Slot> slots = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long arrival = 10L * i;
            buffer.offer(packet(i, 480L * i, SILK_10_MS), arrival);
            slots.addAll(drain(buffer, arrival));
        }
        slots.addAll(drain(buffer, 20 + 90));

        assertThat(kinds(slots)).hasSize(10).containsOnly("Packet 480");
        assertThat(buffer.stats().duplicates())
                .as("none taken for another's slot")
                .isZero();
        assertThat(buffer.stats().frameMillis()).isEqualTo(10);
    }

    @Test
    void aSenderThatChangesItsPacketDurationIsFollowed() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(40);
        buffer.offer(frame(0), 0);
        buffer.offer(packet(1, 960, SILK_2X20_MS), 20); // 40 ms: 20–60
        buffer.offer(packet(2, 2_880, SILK_10_MS), 60); // 10 ms: 60–70
        buffer.offer(packet(3, 3_360, SILK_60_MS), 70); // 60 ms: 70–130

        assertThat(kinds(drain(buffer, 200)))
                .containsExactly("Packet 960", "Packet 1920", "Packet 480", "Packet 2880", "Gap 2880");
        assertThat(buffer.stats().lost()).isZero();
    }

    @Test
    void catchingUpSkipsOneSlotOfTheSendersPacketDuration() {
        AudioJitterBuffer buffer = new AudioJitterBuffer(20);
        buffer.offer(packet(0, 0, SILK_60_MS), 0); // plays at 20
        // The first packet was held up: the ones after it come at once, each waiting longer than the
        // allowance plus the catch-up bound would have it.
        for (int i = 1; i <= 3; i++) {
            buffer.offer(packet(i, 2_880L * i, SILK_60_MS), 1);
        }

        assertThat(buffer.stats().skipped()).isPositive();
        List<AudioJitterBuffer.Slot> slots = drain(buffer, 1 + 20 + AudioJitterBuffer.CATCH_UP_MILLIS);
        assertThat(kinds(slots)).isNotEmpty().containsOnly("Packet 2880");
        assertThat(slots.getFirst().timestamp())
                .as("the oldest frames skipped, whole")
                .isEqualTo(T0 + 2_880 * buffer.stats().skipped() & 0xFFFF_FFFFL);
    }
}
