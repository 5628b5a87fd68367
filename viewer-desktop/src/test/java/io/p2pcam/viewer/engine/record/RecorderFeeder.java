package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.protocol.testing.MarkOnsets;
import io.p2pcam.viewer.engine.record.FfmpegTools.Packet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Pictures and marked sound as a camera's stream brings them to a recorder, each at its arrival
 * time, fed in that order with the recorder's clock set to it; and what the recordings' sound
 * timing tests assert of the file. One per test (it holds the clock).
 */
final class RecorderFeeder {
    static final int FRAME_MILLIS = 20;

    /** The recorder's clock: this machine's, set to each frame's arrival (0 ms at {@link Mp4RecorderAudioTest#NOW}). */
    private final ManualClock clock = new ManualClock(Mp4RecorderAudioTest.NOW);

    private long clockMillis;

    /** One frame of sound or picture: when the recorder gets it, and how it gives it. */
    record Arrival(long millis, boolean picture, Runnable feed) {}

    ManualClock clock() {
        return clock;
    }

    static List<Arrival> pictures(Mp4Recorder recorder, List<AccessUnit> video, IntToLongFunction arrivalMillis) {
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < video.size(); i++) {
            AccessUnit unit = video.get(i);
            arrivals.add(new Arrival(arrivalMillis.applyAsLong(i), true, () -> recorder.accept(unit)));
        }
        return arrivals;
    }

    /**
     * {@code count} packets of 20 ms of marked sound, packet k captured {@code k × 20 ms} after the
     * first picture plus {@code shiftSamples(k)}; and one before the first picture, which gives the
     * file its audio track.
     */
    static List<Arrival> sound(
            Mp4Recorder recorder,
            List<AccessUnit> video,
            int count,
            IntToLongFunction arrivalMillis,
            IntToLongFunction shiftSamples) {
        long firstSample = Mp4RecorderAudioTest.firstPictureSample(video);
        AudioStreamSender sender = new AudioStreamSender(0xA0D10, 1);
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        List<Arrival> arrivals = new ArrayList<>();
        try (OpusEncoder encoder = new OpusEncoder(false)) {
            for (int k = -1; k < count; k++) {
                long offset = (long) k * OpusRtp.FRAME_SAMPLES;
                TimingMarks.render(pcm, offset); // a burst at every 0.5 s of capture time from the first picture
                long stamp = OpusRtp.timestampOf(firstSample + offset + (k < 0 ? 0 : shiftSamples.applyAsLong(k)));
                RtpPacket packet = sender.packet(encoder.encodeEveryFrame(pcm), stamp);
                long arrival = k < 0 ? -FRAME_MILLIS : arrivalMillis.applyAsLong(k);
                arrivals.add(new Arrival(arrival, false, () -> recorder.acceptAudio(packet)));
            }
        }
        return arrivals;
    }

    /**
     * Feeds by arrival, the recorder's clock set to each one's time; a picture before sound that
     * comes at the same millisecond.
     */
    void feedInOrder(List<Arrival> arrivals) {
        inOrder(arrivals).forEach(this::feed);
    }

    void feed(Arrival arrival) {
        clock.advance(Duration.ofMillis(arrival.millis() - clockMillis));
        clockMillis = arrival.millis();
        arrival.feed().run();
    }

    static List<Arrival> inOrder(List<Arrival> arrivals) {
        return arrivals.stream()
                .sorted(Comparator.comparingLong(Arrival::millis)
                        .thenComparing(Arrival::picture, Comparator.reverseOrder()))
                .toList();
    }

    /** As {@link #feedInOrder}; answers the most sound frames (packets and fill) one call wrote. */
    long feedInOrderCountingSoundFrames(Mp4Recorder recorder, List<Arrival> arrivals) {
        long most = 0;
        for (Arrival arrival : inOrder(arrivals)) {
            long before = recorder.audioFramesWritten() + recorder.audioFramesFilled();
            feed(arrival);
            most = Math.max(most, recorder.audioFramesWritten() + recorder.audioFramesFilled() - before);
        }
        return most;
    }

    /**
     * Each packet starts where the one before it ends (the recorder fills the gaps; the MP4 has a
     * packet last until the next starts, so a step shorter than 10 ms, left unfilled, counts too).
     */
    static void assertContinuous(List<Packet> packets) {
        for (int i = 1; i < packets.size(); i++) {
            assertThat(packets.get(i).seconds())
                    .as("packet %d of %d", i, packets.size())
                    .isCloseTo(packets.get(i - 1).endSeconds(), within(0.0005));
        }
    }

    /**
     * Each burst of the marked sound that ffmpeg decodes from {@code file} (at least {@code
     * marks}) starts within ±45 ms of the picture captured at that mark (30 fps, a mark every
     * 15th picture), as ffprobe places it. A decoder lays the sound end to end from the start of
     * the track: the track must start with the pictures and have no gap for the sound to play
     * where it is placed.
     */
    static void assertMarksInStep(Path file, int marks) throws Exception {
        List<Packet> sound = FfmpegTools.packets(file, "audio");
        assertThat(sound.getFirst().seconds()).as("the sound's start").isZero();
        assertContinuous(sound);
        List<Packet> pictures = FfmpegTools.packets(file, "video");
        List<Integer> onsets = MarkOnsets.in(FfmpegTools.decodedSound(file));
        assertThat(onsets).as("the marks heard").hasSizeGreaterThanOrEqualTo(marks);
        for (int onset : onsets) {
            double heard = onset / (double) OpusRtp.CLOCK_RATE;
            int mark = (int) Math.round(heard * 1000 / TimingMarks.MARK_PERIOD_MILLIS);
            int picture = Math.min(mark * 15, pictures.size() - 1);
            assertThat(heard - pictures.get(picture).seconds())
                    .as("the sound of mark %d (heard at %.3f s) against its picture", mark, heard)
                    .isCloseTo(0, within(0.045));
        }
    }
}
