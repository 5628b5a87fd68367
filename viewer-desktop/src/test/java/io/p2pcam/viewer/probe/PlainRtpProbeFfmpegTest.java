package io.p2pcam.viewer.probe;

import static io.p2pcam.viewer.engine.connection.FfmpegRtpArguments.h264RtpTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code probe --rtp-in PORT} decodes what Debian's ffmpeg sends with {@code -f rtp} and says so in its JSON line. */
@Tag("interop")
class PlainRtpProbeFfmpegTest {
    @TempDir
    Path temp;

    @Test
    void probeReportsTheFramesItDecodedFromAnFfmpegRtpStream() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(0)) {
            port = free.getLocalPort();
        }
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out));
        int listening = port;
        CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(
                () -> command.execute("--rtp-in", "127.0.0.1:" + listening, "--frames", "45", "--timeout", "30"));
        Process ffmpeg = null;
        try {
            awaitBound(port);
            ffmpeg = ffmpegProcess(
                    "ffmpeg",
                    "-re",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=352x288:rate=30",
                    "-frames:v",
                    "150",
                    h264RtpTo(port));
            assertThat(probe.get(40, TimeUnit.SECONDS))
                    .as(out + Files.readString(temp.resolve("ffmpeg.log")))
                    .isZero();
        } finally {
            if (ffmpeg != null) {
                ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        JsonNode line = new ObjectMapper().readTree(out.toString().strip());
        assertThat(line.get("frames").asInt()).isEqualTo(45);
        assertThat(line.get("width").asInt()).isEqualTo(352);
        assertThat(line.get("height").asInt()).isEqualTo(288);
        assertThat(line.get("decodeErrors").asLong()).isZero();
        assertThat(line.get("packets").asLong()).isPositive();
    }

    @Test
    void probeAlsoPlaysTheOpusSoundFfmpegSendsOnThePortTwoAbove() throws Exception {
        int port;
        try (DatagramSocket free = new DatagramSocket(0)) {
            port = free.getLocalPort() & ~1; // even, as RTP likes it
        }
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out));
        int listening = port;
        CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(
                () -> command.execute("--rtp-in", "127.0.0.1:" + listening, "--frames", "90", "--timeout", "30"));
        // Two senders, as a camera's video and sound are two RTP streams: in one ffmpeg the Opus
        // packets wait in its single transcode loop behind x264, which on a loaded machine held them
        // up to half a second past their -re pace (a capture of the sends on lo); the sound's own
        // process keeps its pace within a few tens of ms under the same load.
        Process video = null;
        Process sound = null;
        try {
            awaitBound(port + 2);
            video = ffmpegProcess(
                    "video", "-re", "-f", "lavfi", "-i", "testsrc2=size=352x288:rate=30", "-t", "6", h264RtpTo(port));
            sound = ffmpegProcess(
                    "sound",
                    "-re",
                    "-f",
                    "lavfi",
                    "-i",
                    "sine=frequency=1000:sample_rate=48000",
                    "-t",
                    "6",
                    "-c:a",
                    "libopus",
                    "-ac",
                    "1",
                    "-f",
                    "rtp",
                    "rtp://127.0.0.1:" + (port + 2));
            assertThat(probe.get(40, TimeUnit.SECONDS))
                    .as(out + Files.readString(temp.resolve("video.log")) + Files.readString(temp.resolve("sound.log")))
                    .isZero();
        } finally {
            for (Process ffmpeg : new Process[] {video, sound}) {
                if (ffmpeg != null) {
                    ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        JsonNode line = new ObjectMapper().readTree(out.toString().strip());
        assertThat(line.get("frames").asInt()).isGreaterThanOrEqualTo(90);
        // 3 s of pictures: about 150 frames of sound, played as sound (ffmpeg's sine is at -18 dBFS).
        assertThat(line.path("audioFrames").asLong()).as(line.toString()).isGreaterThan(100);
        // Lost in the network sense: frames whose packet never came. Not those that came after their
        // slot was played (audioLateFrames, also counted lost): on a loaded machine ffmpeg's single
        // transcode loop falls behind its -re pace while x264 waits for CPU, and holds the Opus packets
        // back with it, by up to half a second (a capture of the sends on lo: every packet arrived,
        // hundreds of ms after its slot); that is the sender's lateness, not this receiver's.
        long neverArrived = line.path("audioLostFrames").asLong()
                - line.path("audioLateFrames").asLong();
        assertThat(neverArrived).as(line.toString()).isLessThan(10);
        assertThat(line.path("audioPeak").asInt()).as(line.toString()).isGreaterThan(2_000);
    }

    /**
     * Waits for the probe's socket in /proc/net/udp6 or udp (Java's sockets are IPv6 ones, v4-mapped;
     * binding the port ourselves to find out would race the probe).
     */
    private static void awaitBound(int port) throws Exception {
        String local = String.format(":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            for (String table : new String[] {"/proc/net/udp6", "/proc/net/udp"}) {
                Path path = Path.of(table);
                if (!Files.isReadable(path)) {
                    return; // no /proc: start anyway, the keyframes every second let a late listener start
                }
                if (Files.readAllLines(path).stream().anyMatch(l -> l.contains(local))) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Starts Debian's ffmpeg with these input and output arguments; what it says goes to NAME.log in the temp folder. */
    private Process ffmpegProcess(String name, Object... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(ffmpeg(), "-hide_banner", "-loglevel", "error", "-nostdin"));
        for (Object argument : arguments) {
            if (argument instanceof List<?> several) {
                several.forEach(each -> command.add((String) each));
            } else {
                command.add((String) argument);
            }
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".log").toFile())
                .start();
    }

    private static String ffmpeg() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                return Path.of(dir, "ffmpeg").toString();
            }
        }
        throw new AssertionError("ffmpeg is not installed; './p2pcam test' installs it (apt-get install ffmpeg)");
    }
}
