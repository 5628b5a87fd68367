package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileSpeakerTest {
    @TempDir
    Path temp;

    @Test
    void theFileIsAValidWavOfWhatWasPlayedAfterEveryFrameNotOnlyAfterClosing() throws Exception {
        Path file = temp.resolve("talk.wav");
        WavFileSpeaker speaker = WavFileSpeaker.create(file);
        assertThat(header(file).getInt(40)).as("an empty data chunk at first").isZero();
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        pcm[0] = 0x1234;
        pcm[OpusRtp.FRAME_SAMPLES - 1] = -2;
        speaker.play(pcm);
        speaker.play(new short[OpusRtp.FRAME_SAMPLES]);

        ByteBuffer header = header(file); // still open: as a killed camera would leave it
        byte[] bytes = Files.readAllBytes(file);
        assertThat(ascii(bytes, 0)).isEqualTo("RIFF");
        assertThat(header.getInt(4)).isEqualTo(bytes.length - 8);
        assertThat(ascii(bytes, 8)).isEqualTo("WAVE");
        assertThat(ascii(bytes, 12)).isEqualTo("fmt ");
        assertThat(header.getShort(20)).as("PCM").isEqualTo((short) 1);
        assertThat(header.getShort(22)).as("channels").isEqualTo((short) 1);
        assertThat(header.getInt(24)).as("sample rate").isEqualTo(48_000);
        assertThat(header.getShort(34)).as("bits").isEqualTo((short) 16);
        assertThat(ascii(bytes, 36)).isEqualTo("data");
        assertThat(header.getInt(40)).isEqualTo(2 * 2 * OpusRtp.FRAME_SAMPLES);
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getShort(44)).isEqualTo((short) 0x1234);
        assertThat(data.getShort(44 + 2 * (OpusRtp.FRAME_SAMPLES - 1))).isEqualTo((short) -2);
        speaker.close();
        assertThat(Files.size(file)).isEqualTo(44 + 4L * OpusRtp.FRAME_SAMPLES);
    }

    private static ByteBuffer header(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return ByteBuffer.wrap(bytes, 0, 44).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }
}
