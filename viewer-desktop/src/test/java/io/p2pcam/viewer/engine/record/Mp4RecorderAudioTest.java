package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.testing.ManualClock;
import io.p2pcam.viewer.engine.decode.TestStreams;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A recording of a camera with sound: the MP4 holds the H.264 pictures and the Opus sound, each
 * copied, the sound placed by capture time against the pictures; Debian's ffprobe (what users and
 * VLC rely on) sees a video and an audio stream, and ffmpeg decodes the sound.
 */
@Tag("interop")
class Mp4RecorderAudioTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    @TempDir
    Path folder;

    /** The recorder's clock, set to when each frame arrives ({@link #at}). */
    private final ManualClock clock = new ManualClock(NOW);

    /** With DTX the silence between the marks is not sent: the file still has 2.5 s of sound, in sync. */
    @ParameterizedTest(name = "dtx {0}")
    @ValueSource(booleans = {false, true})
    void theMp4HoldsTheVideoAndTheSoundAlignedByCaptureTime(boolean dtx) throws Exception {
        List<AccessUnit> video = TestStreams.small(); // 2.5 s at 30 fps
        Path file = folder.resolve("with-sound.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        long firstSample = firstPictureSample(video);
        AudioStreamSender sound = new AudioStreamSender(0xA0D10, 1);
        List<RtpPacket> packets = new ArrayList<>();
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        try (OpusEncoder encoder = new OpusEncoder(dtx)) {
            // 100 ms of sound before the first picture (not kept), then 2.5 s with the pictures: the
            // marked sound, whose silences DTX leaves out (a burst from the first frame on).
            for (int k = -5; k < 125; k++) {
                long sample = firstSample + (long) k * OpusRtp.FRAME_SAMPLES;
                TimingMarks.render(pcm, sample - firstSample + 5 * OpusRtp.FRAME_SAMPLES);
                byte[] opus = encoder.encode(pcm);
                packets.add(opus == null ? null : sound.packet(opus, OpusRtp.timestampOf(sample)));
            }
        }

        int next = 0;
        for (int k = 0; k < 5; k++) {
            at((k - 4) * 20L);
            recorder.acceptAudio(packets.get(next++));
        }
        for (int frame = 0; frame < video.size(); frame++) {
            at(frame * 1000L / 30);
            recorder.accept(video.get(frame));
            // The sound captured up to this picture's time (the camera sends both as captured),
            // each packet arriving once its 20 ms are captured.
            while (next < packets.size() && (next - 5) * 20L <= frame * 1000L / 30) {
                at((next - 4) * 20L);
                RtpPacket packet = packets.get(next++);
                if (packet != null) {
                    recorder.acceptAudio(packet);
                    recorder.acceptAudio(packet); // a duplicate is left out
                }
            }
        }
        while (next < packets.size()) {
            at((next - 4) * 20L);
            RtpPacket packet = packets.get(next++);
            if (packet != null) {
                recorder.acceptAudio(packet);
            }
        }
        Recording recording = recorder.stop();

        assertThat(recording.frames()).isEqualTo(TestStreams.FRAMES);
        long sent = packets.subList(5, packets.size()).stream()
                .filter(packet -> packet != null)
                .count();
        assertThat(recorder.audioFramesWritten()).isEqualTo(sent);
        if (dtx) {
            assertThat(sent).as("DTX left the silence out").isLessThan(100);
        } else {
            assertThat(sent).isEqualTo(125);
        }
        // The first and the last frame kept are sent (a hangover, a burst): every gap is between two.
        assertThat(recorder.audioFramesWritten() + recorder.audioFramesFilled())
                .as("the gaps filled")
                .isEqualTo(125);
        JsonNode probe = FfmpegTools.streams(file);
        List<String> kinds = new ArrayList<>();
        probe.get("streams")
                .forEach(stream -> kinds.add(stream.get("codec_type").asText() + ":"
                        + stream.get("codec_name").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("video:h264", "audio:opus");
        for (JsonNode stream : probe.get("streams")) {
            if (stream.get("codec_type").asText().equals("audio")) {
                assertThat(stream.get("sample_rate").asInt()).isEqualTo(48_000);
                assertThat(stream.get("channels").asInt()).isEqualTo(1);
                // The first sound at the first picture, 2.5 s of it.
                assertThat(stream.get("start_time").asDouble()).isCloseTo(0.0, within(0.01));
                assertThat(stream.get("duration").asDouble()).isCloseTo(2.5, within(0.03));
            }
        }
        assertThat(FfmpegTools.decodedSoundSeconds(file)).isCloseTo(2.5, within(0.05));
    }

    /**
     * A camera of another make that sends 40 ms packets (PROTOCOL §10.7: the viewer plays any whole
     * 10 ms): each keeps its 40 ms in the file, and the gaps are filled with empty frames of the
     * packets' own frame length, one of 10 ms where a gap is not a whole number of them. Written as 20 ms packets before, the file's
     * sound ran twice as long as its pictures.
     */
    @Test
    void packetsOfFortyMillisecondsKeepTheirTimeAndTheirGapsAreFilled() throws Exception {
        List<AccessUnit> video = TestStreams.small(); // 2.5 s at 30 fps
        Path file = folder.resolve("forty.mp4");
        Mp4Recorder recorder = Mp4Recorder.start(file, clock);
        long firstSample = firstPictureSample(video);
        int forty = 2 * OpusRtp.FRAME_SAMPLES;
        io.github.jaredmdobson.concentus.OpusEncoder encoder =
                new io.github.jaredmdobson.concentus.OpusEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        // one 40 ms frame a packet, as ffmpeg's -frame_duration 40 at voip rates
        short[] pcm = new short[forty];
        byte[] out = new byte[1_500];

        int length = encoder.encode(pcm, 0, forty, out, 0, out.length);
        // Sound before the first picture gives the file its audio track (and is not kept).
        recorder.acceptAudio(new RtpPacket(
                OpusRtp.PAYLOAD_TYPE,
                true,
                99,
                OpusRtp.timestampOf(firstSample - forty),
                0xF0_47L,
                Arrays.copyOf(out, length)));
        int frame = 0;
        long sent = 0;
        long emptyFrames = 0;
        for (int k = 0; k < 62; k++) { // 2.48 s, and 10 ms
            // The pictures captured before this packet's 40 ms end, then the packet.
            for (; frame < video.size() && frame * 1000L / 30 <= (k + 1) * 40L; frame++) {
                at(frame * 1000L / 30);
                recorder.accept(video.get(frame));
            }
            at((k + 1) * 40L);
            long offset = (long) k * forty;
            TimingMarks.render(pcm, offset);
            length = encoder.encode(pcm, 0, forty, out, 0, out.length);
            // Not sent: frame 10 (a gap of one frame) and 20 to 22 (three). From frame 41 on the
            // sender's grid is 10 ms later (its clock restarted): a gap of 10 ms.
            if (k == 10 || k >= 20 && k <= 22) {
                continue;
            }
            long start = k >= 41 ? offset + OpusRtp.FRAME_SAMPLES / 2 : offset;
            byte[] opus = Arrays.copyOf(out, length);
            recorder.acceptAudio(new RtpPacket(
                    OpusRtp.PAYLOAD_TYPE, false, k, OpusRtp.timestampOf(firstSample + start), 0xF0_47L, opus));
            sent++;
            if (k == 11 || k == 23) {
                // A gap is filled with empty frames in the configuration of the packet after it.
                emptyFrames += (k == 11 ? 1 : 3) * forty / OpusRtp.samplesOf(OpusRtp.emptyFrameLike(opus));
            }
        }
        for (; frame < video.size(); frame++) {
            at(frame * 1000L / 30);
            recorder.accept(video.get(frame));
        }
        recorder.stop();

        assertThat(recorder.audioFramesWritten()).isEqualTo(sent);
        assertThat(recorder.audioFramesFilled())
                .as("the gaps of 40 and 120 ms in the packets' own frames, the 10 ms one in a 10 ms frame")
                .isEqualTo(emptyFrames + 1);
        for (JsonNode stream : FfmpegTools.streams(file).get("streams")) {
            if (stream.get("codec_type").asText().equals("audio")) {
                assertThat(stream.get("duration").asDouble()).isCloseTo(2.49, within(0.03));
            }
        }
        assertThat(FfmpegTools.decodedSoundSeconds(file)).isCloseTo(2.49, within(0.05));
    }

    /** Sets the recorder's clock to {@code millis} after {@link #NOW}. */
    private void at(long millis) {
        clock.advance(Duration.between(clock.instant(), NOW.plusMillis(millis)));
    }

    /** The first picture's capture time, unwrapped as the recorder does (near its clock), as a 48 kHz sample index. */
    static long firstPictureSample(List<AccessUnit> video) {
        long nowMicros = NOW.toEpochMilli() * 1000;
        long firstTicks = OpusRtp.unwrap(video.getFirst().timestamp(), nowMicros * 9 / 100);
        return OpusRtp.sampleAt(firstTicks * 100 / 9);
    }
}
