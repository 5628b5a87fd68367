package io.p2pcam.viewer.probe;

import static io.p2pcam.viewer.engine.connection.FfmpegRtpArguments.h264RtpTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
        int port = evenFreePort();
        JsonNode line = probeWithSound(port, port + 2, "sine=frequency=1000:sample_rate=48000", List.of());
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

    /** ffmpeg's {@code -frame_duration} other than its default 20: each packet plays in a slot of its own time. */
    @ParameterizedTest
    @ValueSource(ints = {10, 40, 60})
    void probePlaysFfmpegsOpusPacketsOfOtherDurations(int millis) throws Exception {
        int port = evenFreePort();
        JsonNode line = probeWithSound(
                port,
                port + 2,
                "sine=frequency=1000:sample_rate=48000",
                List.of("-frame_duration", Integer.toString(millis)));
        assertThat(line.path("audioUnsupportedPackets").asLong())
                .as(line.toString())
                .isZero();
        // 3 s of pictures: about 3 s of sound, whatever the packets' length.
        assertThat(line.path("audioFrames").asLong() * millis)
                .as(line.toString())
                .isGreaterThan(2_000);
        long neverArrived = line.path("audioLostFrames").asLong()
                - line.path("audioLateFrames").asLong();
        assertThat(neverArrived * millis).as(line.toString()).isLessThan(200);
        assertThat(line.path("audioPeak").asInt()).as(line.toString()).isGreaterThan(2_000);
    }

    /**
     * FFmpeg marks every Opus packet it sends (RTP's marker bit, "a talk spurt starts here"); a
     * receiver that believed it never rebuilt a lost frame from the next packet's in-band FEC. Here
     * every tenth sound packet is dropped on the way, and the frames are rebuilt.
     */
    @Test
    void probeRebuildsTheSoundFramesLostOnTheWayFromTheFecFfmpegSends() throws Exception {
        int port = evenFreePort();
        JsonNode line;
        try (LossyRelay relay = new LossyRelay(new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 2), 10)) {
            line = probeWithSound(
                    port,
                    relay.port(),
                    // A tone whose loudness moves as speech does (SILK codes FEC for active sound), in
                    // frames of 20 ms: -re paces what it reads, and lavfi's default 1,024-sample frames
                    // sent the packets up to 29 ms off their times, often too late for the FEC of the
                    // next one to be there when a lost frame is due (this receiver waits 10 ms for it).
                    "sine=frequency=300:sample_rate=48000:samples_per_frame=960,"
                            + "volume='0.2+0.8*abs(sin(2*PI*3*t))':eval=frame",
                    List.of(
                            "-application",
                            "voip",
                            "-b:a",
                            "24k",
                            "-fec:a", // the stream's: a bare -fec is the RTP protocol's own option
                            "1",
                            "-packet_loss:a",
                            "20"));
            assertThat(relay.dropped()).as(line.toString()).isPositive();
        }
        long neverArrived = line.path("audioLostFrames").asLong()
                - line.path("audioLateFrames").asLong();
        assertThat(neverArrived).as(line.toString()).isPositive();
        assertThat(line.path("audioRecoveredFrames").asLong())
                .as("of the %d frames lost on the way: %s", neverArrived, line)
                .isGreaterThanOrEqualTo(neverArrived * 3 / 4);
    }

    private static int evenFreePort() throws SocketException {
        try (DatagramSocket free = new DatagramSocket(0)) {
            return free.getLocalPort() & ~1; // even, as RTP likes it
        }
    }

    /**
     * Runs {@code probe --rtp-in PORT} until it has 90 pictures, from ffmpeg's test pattern sent to
     * PORT and ffmpeg's Opus sound of the lavfi {@code source} sent to {@code soundPort} (PORT + 2,
     * or a relay to it), encoded with libopus and {@code encoder}'s options; returns the probe's line.
     */
    private JsonNode probeWithSound(int port, int soundPort, String source, List<String> encoder) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out));
        CompletableFuture<Integer> probe = CompletableFuture.supplyAsync(
                () -> command.execute("--rtp-in", "127.0.0.1:" + port, "--frames", "90", "--timeout", "30"));
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
                    source,
                    "-t",
                    "6",
                    "-c:a",
                    "libopus",
                    "-ac",
                    "1",
                    encoder,
                    "-f",
                    "rtp",
                    "rtp://127.0.0.1:" + soundPort);
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
        return line;
    }

    /** Forwards datagrams to {@code target} from a port of its own, dropping every {@code n}th. */
    private static final class LossyRelay implements AutoCloseable {
        private final DatagramSocket socket =
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        private final AtomicLong dropped = new AtomicLong();

        LossyRelay(InetSocketAddress target, int n) throws SocketException {
            Thread.ofPlatform().daemon().name("lossy-relay").start(() -> {
                byte[] buffer = new byte[2_048];
                try {
                    for (long count = 1; ; count++) {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        if (count % n == 0) {
                            dropped.incrementAndGet();
                        } else {
                            socket.send(new DatagramPacket(packet.getData(), packet.getLength(), target));
                        }
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        long dropped() {
            return dropped.get();
        }

        @Override
        public void close() {
            socket.close(); // ends the thread's receive
        }
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
