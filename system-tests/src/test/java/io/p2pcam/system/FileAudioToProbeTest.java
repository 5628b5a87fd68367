package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.camera.audio.FileAudioSource;
import io.p2pcam.camera.live.LiveCamera;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.FileSource;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.viewer.probe.ProbeCommand;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `--source file:PATH` carries the file's sound track: ffmpeg makes a file whose sound has a 1 kHz
 * burst every 500 ms (the synthetic marks' shape, at arbitrary capture times), the camera streams
 * its picture and sound, and `probe` hears every burst 500 ms after the previous one (the file's
 * samples on a gap-free capture timeline), soon after capture.
 */
@Tag("realtime")
class FileAudioToProbeTest {
    private static final UnpairedBudget.Limits TEST_VIEWERS =
            new UnpairedBudget.Limits(1_000, 1, 1_000, 1, 1_000, 1, 4096);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void aFilesSoundTrackIsHeardWithItsMarksEvery500Milliseconds() throws Exception {
        Path clip = markedClip(temp.resolve("marks.mkv"));
        assertThat(FileAudioSource.hasSound(clip)).isTrue();
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        BlockingQueue<CameraEvent> events = new LinkedBlockingQueue<>();
        VideoFormat format = new VideoFormat(320, 240, 30);
        try (CloudServer cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral())) {
            EncoderLoop encoder = new EncoderLoop(
                    new FileSource(clip, format, Clock.systemUTC()),
                    new H264Encoder(EncoderSettings.of(format, EncoderSettings.defaultBitrate(format))));
            try (LiveCamera camera = LiveCamera.start(
                    new LiveCamera.Settings(
                            identity,
                            cloud.udpAddress(),
                            Password.of("pw"),
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                            4,
                            null,
                            TEST_VIEWERS),
                    format,
                    encoder,
                    new AudioLoop(new FileAudioSource(clip, Clock.systemUTC()), new OpusEncoder()),
                    events::add)) {
                awaitRegistration(events);
                assertThat(camera.died()).isNotDone();

                JsonNode line = probe(cloud, identity, "--frames", "180");

                // 6 s of pictures: 50 sound frames a second (the silence between bursts not sent:
                // DTX), hardly any lost on loopback.
                assertThat(line.get("audioFrames").asLong()
                                + line.get("audioDtxMs").asLong() / 20)
                        .as(line.toString())
                        .isGreaterThan(200);
                assertThat(line.get("audioLostFrames").asLong())
                        .as(line.toString())
                        .isLessThanOrEqualTo(15);
                // Every burst of the file is heard (about 12 in 6 s)...
                assertThat(line.get("audioMarks").asInt()).as(line.toString()).isGreaterThanOrEqualTo(9);
                // ...500 ms of capture time after the one before, as in the file (a frame lost at an
                // onset on a loaded machine moves that one: the median, not the worst).
                assertThat(line.get("audioMarkSpacingErrorMsP50").asDouble())
                        .as(line.toString())
                        .isLessThan(3.0);
            }
        }
    }

    /** 10 s: a test picture and 1 kHz bursts of 40 ms at every 500 ms of the file, half of full scale. */
    static Path markedClip(Path clip) throws Exception {
        Path log = clip.resolveSibling("ffmpeg.log");
        Process ffmpeg = new ProcessBuilder(
                        ffmpeg(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-nostdin",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc2=size=320x240:rate=30:duration=10",
                        "-f",
                        "lavfi",
                        "-i",
                        "aevalsrc=0.5*sin(2*PI*1000*t)*lt(mod(t\\,0.5)\\,0.04):s=48000:d=10",
                        "-c:v",
                        "mpeg4",
                        "-q:v",
                        "5",
                        "-c:a",
                        "pcm_s16le",
                        clip.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(ffmpeg.exitValue())
                .as(Files.readString(log, StandardCharsets.UTF_8))
                .isZero();
        return clip;
    }

    static String ffmpeg() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                return Path.of(dir, "ffmpeg").toString();
            }
        }
        throw new AssertionError("ffmpeg is not installed; './p2pcam test' installs it (apt-get install ffmpeg)");
    }

    private static void awaitRegistration(BlockingQueue<CameraEvent> events) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (events.poll(100, TimeUnit.MILLISECONDS) instanceof CameraEvent.Registered) {
                return;
            }
        }
        throw new AssertionError("the camera did not register within 10 s");
    }

    private static JsonNode probe(CloudServer cloud, CameraIdentity identity, String... extra) throws Exception {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new ProbeCommand());
        command.setOut(new PrintWriter(out));
        String[] base = {
            "--cloud",
            "127.0.0.1:" + cloud.udpAddress().getPort(),
            "--camera",
            identity.id().toString(),
            "--password",
            "pw",
            "--timeout",
            "30"
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        command.execute(args);
        JsonNode line = JSON.readTree(out.toString().strip());
        // The file's picture carries no pixel stamps: the probe cannot check it, so its exit is not asked.
        assertThat(line.has("error")).as(line.toString()).isFalse();
        return line;
    }
}
