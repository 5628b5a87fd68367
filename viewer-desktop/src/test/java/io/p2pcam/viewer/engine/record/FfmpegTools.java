package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.protocol.audio.OpusRtp;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test-only: what Debian's ffprobe and ffmpeg (what users and VLC rely on) make of a recording,
 * run as the separate programs a user would run.
 */
final class FfmpegTools {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FfmpegTools() {}

    /** ffprobe's {@code -show_streams} of {@code file}. */
    static JsonNode streams(Path file) throws Exception {
        return run(tool("ffprobe"), "-v", "error", "-show_streams", "-of", "json", file.toString());
    }

    /** ffprobe's description of {@code file}'s stream of {@code codecType} ("audio", "video"). */
    static JsonNode stream(Path file, String codecType) throws Exception {
        for (JsonNode stream : streams(file).get("streams")) {
            if (stream.get("codec_type").asText().equals(codecType)) {
                return stream;
            }
        }
        throw new AssertionError(file + " has no " + codecType + " stream");
    }

    /**
     * One packet of a stream as the demuxer reads it.
     *
     * @param seconds its presentation time
     * @param durationSeconds its duration
     */
    record Packet(double seconds, double durationSeconds) {
        double endSeconds() {
            return seconds + durationSeconds;
        }
    }

    /**
     * The packets of {@code file}'s first stream of {@code codecType}, in file order. A fragmented
     * MP4 (decision 0049) keeps its sample durations in the fragments, which Debian's ffprobe 5.1
     * does not report per packet: a packet then lasts until the next one starts, as a player lays
     * them out, and the last one as long as the one before it (ffprobe's stream duration is the
     * longest track's, no help). The durations asserted on are then those between packets.
     */
    static List<Packet> packets(Path file, String codecType) throws Exception {
        String selected = codecType.substring(0, 1) + ":0";
        JsonNode probe = run(
                tool("ffprobe"),
                "-v",
                "error",
                "-select_streams",
                selected,
                "-show_entries",
                "packet=pts_time,duration_time",
                "-of",
                "json",
                file.toString());
        JsonNode found = probe.get("packets");
        List<Packet> packets = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            double seconds = found.get(i).get("pts_time").asDouble();
            JsonNode duration = found.get(i).get("duration_time");
            double untilNext = i + 1 < found.size()
                    ? found.get(i + 1).get("pts_time").asDouble() - seconds
                    : packets.isEmpty() ? 0 : packets.getLast().durationSeconds();
            packets.add(new Packet(seconds, duration != null ? duration.asDouble() : untilNext));
        }
        return packets;
    }

    /** Seconds of sound ffmpeg decodes from the file's audio stream. */
    static double decodedSoundSeconds(Path file) throws Exception {
        return decodedSound(file).length / (double) OpusRtp.CLOCK_RATE;
    }

    /** The sound ffmpeg decodes from the file's audio stream: 48 kHz mono samples, laid end to end. */
    static short[] decodedSound(Path file) throws Exception {
        Path pcm = file.resolveSibling(file.getFileName() + ".s16");
        run(
                tool("ffmpeg"),
                "-v",
                "error",
                "-nostdin",
                "-i",
                file.toString(),
                "-map",
                "0:a:0",
                "-f",
                "s16le",
                "-ac",
                "1",
                "-ar",
                "48000",
                "-y",
                pcm.toString());
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(pcm)).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(samples);
        return samples;
    }

    /** What ffmpeg reports (at level error) while it decodes every stream of {@code file}: "" for none. */
    static String decodeErrors(Path file) throws Exception {
        Process process = new ProcessBuilder(
                        tool("ffmpeg"), "-v", "error", "-nostdin", "-i", file.toString(), "-f", "null", "-")
                .redirectErrorStream(true)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String errors = new String(out, StandardCharsets.UTF_8).strip();
        return process.exitValue() == 0 ? errors : errors + " (exit " + process.exitValue() + ")";
    }

    private static JsonNode run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(new String(out, StandardCharsets.UTF_8))
                .isZero();
        return out.length == 0 ? JSON.createObjectNode() : JSON.readTree(out);
    }

    private static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return Path.of(dir, name).toString();
            }
        }
        throw new AssertionError(name + " is not installed; './p2pcam test' installs it (apt-get install ffmpeg)");
    }
}
