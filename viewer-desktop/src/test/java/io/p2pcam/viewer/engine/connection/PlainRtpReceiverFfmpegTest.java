package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.viewer.engine.decode.PipelineStats;
import java.io.File;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop, third party → engine: Debian's ffmpeg encodes a test pattern with x264 and sends it as
 * RTP ({@code -f rtp}, RFC 6184 packetization-mode 1); the engine's receive path decodes it.
 */
@Tag("interop")
class PlainRtpReceiverFfmpegTest {
    private static final int FRAMES = 60;

    @TempDir
    Path temp;

    @Test
    void theEngineDecodesWhatFfmpegSendsAsRtp() throws Exception {
        AtomicInteger pictures = new AtomicInteger();
        Set<Integer> distinct = new HashSet<>();
        int[] size = new int[2];
        CountDownLatch enough = new CountDownLatch(1);
        try (PlainRtpReceiver receiver =
                PlainRtpReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), frame -> {
                    size[0] = frame.width();
                    size[1] = frame.height();
                    byte[] row = new byte[frame.stride()];
                    frame.pixels().get(frame.stride() * (frame.height() / 2), row);
                    distinct.add(Arrays.hashCode(row));
                    if (pictures.incrementAndGet() >= FRAMES) {
                        enough.countDown();
                    }
                })) {
            List<String> command = new ArrayList<>(List.of(
                    ffmpeg(),
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-nostdin",
                    "-re",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc2=size=320x240:rate=30",
                    "-frames:v",
                    String.valueOf(FRAMES + 60)));
            command.addAll(FfmpegRtpArguments.h264RtpTo(receiver.port()));
            Process ffmpeg = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(temp.resolve("ffmpeg.log").toFile())
                    .start();
            try {
                assertThat(enough.await(30, TimeUnit.SECONDS))
                        .as(
                                "%d pictures decoded; ffmpeg said: %s",
                                pictures.get(), Files.readString(temp.resolve("ffmpeg.log")))
                        .isTrue();
            } finally {
                ffmpeg.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            PipelineStats stats = receiver.pipeline().stats();
            assertThat(size).containsExactly(320, 240);
            assertThat(stats.decodeErrors()).isZero();
            assertThat(stats.incompleteAccessUnits()).isZero();
            assertThat(distinct).as("the pattern moves from picture to picture").hasSizeGreaterThan(FRAMES / 2);
        }
    }

    static String ffmpeg() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "ffmpeg"))) {
                return Path.of(dir, "ffmpeg").toString();
            }
        }
        throw new AssertionError("ffmpeg is not installed; './p2pcam test' installs it (apt-get install ffmpeg)");
    }
}
