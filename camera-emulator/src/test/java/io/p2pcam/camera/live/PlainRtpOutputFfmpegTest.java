package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.media.PixelCode;
import java.io.File;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop, camera → third party: Debian's ffmpeg opens the SDP file of the plain RTP debug output
 * and decodes the stream; the pictures it writes carry the synthetic source's stamps, read back
 * pixel-exact, in increasing order.
 */
@Tag("interop")
class PlainRtpOutputFfmpegTest {
    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 30);
    private static final int FRAMES = 20;

    @TempDir
    Path temp;

    @Test
    void ffmpegPlaysTheStreamFromTheSdpFilePixelExact() throws Exception {
        int port = freeRtpPort();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Path sdp = temp.resolve("camera.sdp");
        PlainRtpOutput.writeSdp(sdp, target, FORMAT);
        Path raw = temp.resolve("frames.bgra");
        Process ffmpeg = new ProcessBuilder(
                        ffmpeg(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-nostdin",
                        "-protocol_whitelist",
                        "file,udp,rtp",
                        "-i",
                        sdp.toString(),
                        "-frames:v",
                        String.valueOf(FRAMES),
                        "-vsync",
                        "passthrough", // one output picture per decoded picture: no duplicates to fill timestamp gaps
                        "-f",
                        "rawvideo",
                        "-pix_fmt",
                        "bgra",
                        "-y",
                        raw.toString())
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("ffmpeg.log").toFile())
                .start();
        try (PlainRtpOutput output = new PlainRtpOutput(target, new SplittableRandom(1));
                EncoderLoop loop = new EncoderLoop(
                        new SyntheticSource(320, 240, 30, Clock.systemUTC()),
                        new H264Encoder(EncoderSettings.of(FORMAT, 400_000)))) {
            awaitBound(port, ffmpeg, temp.resolve("ffmpeg.log"));
            loop.subscribe(output);
            loop.start();
            assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS))
                    .as("ffmpeg finished within 30 s")
                    .isTrue();
        } finally {
            ffmpeg.destroyForcibly();
        }
        assertThat(ffmpeg.exitValue())
                .as(Files.readString(temp.resolve("ffmpeg.log")))
                .isZero();
        byte[] pictures = Files.readAllBytes(raw);
        int pictureBytes = FORMAT.width() * FORMAT.height() * 4;
        assertThat(pictures.length).isEqualTo(FRAMES * pictureBytes);
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            Optional<PixelCode.Stamp> stamp =
                    PixelCode.readBgra(pictures, i * pictureBytes, FORMAT.width() * 4, FORMAT.width(), FORMAT.height());
            assertThat(stamp)
                    .as("picture %d decoded by ffmpeg carries a readable stamp", i)
                    .isPresent();
            numbers.add(stamp.get().frameNumber());
        }
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
    }

    /** Debian's ffmpeg, which the test command installs (./p2pcam test). */
    static String ffmpeg() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                return Path.of(dir, "ffmpeg").toString();
            }
        }
        throw new AssertionError("ffmpeg is not installed; './p2pcam test' installs it (apt-get install ffmpeg)");
    }

    /** An even port with the next one free too (RTP and RTCP, RFC 3550 §11), at or above 16384. */
    private static int freeRtpPort() throws SocketException {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 16384 + 2 * random.nextInt(10_000);
            try (DatagramSocket rtp = new DatagramSocket(port);
                    DatagramSocket _ = new DatagramSocket(port + 1)) {
                return rtp.getLocalPort(); // both bound here, so both free once closed
            } catch (BindException taken) {
                // try another
            }
        }
        throw new SocketException("no free RTP port pair");
    }

    /**
     * Waits until ffmpeg holds the port, read from /proc/net/udp (binding it ourselves to find out
     * would steal it from ffmpeg). Without /proc the stream starts anyway: the keyframes every
     * two seconds let a late listener start.
     */
    private static void awaitBound(int port, Process ffmpeg, Path log) throws Exception {
        Path table = Path.of("/proc/net/udp");
        if (!Files.isReadable(table)) {
            return;
        }
        String local = String.format(":%04X ", port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline && ffmpeg.isAlive()) {
            if (Files.readAllLines(table).stream().anyMatch(line -> line.contains(local))) {
                return;
            }
            ffmpeg.waitFor(20, TimeUnit.MILLISECONDS);
        }
        throw new AssertionError("ffmpeg did not open UDP port " + port + " within 15 s"
                + (ffmpeg.isAlive() ? "" : " (exited " + ffmpeg.exitValue() + ")") + ": " + Files.readString(log));
    }
}
