package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.camera.audio.SyntheticAudioSource;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.media.codec.SoundBand;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop, camera → third party: Debian's ffmpeg opens the SDP of the plain RTP debug output with
 * both media sections (H.264 and Opus, RFC 7587) and decodes both; the sound it writes has the
 * synthetic source's tone bursts every 500 ms, with DTX on (the default) and no option telling
 * ffmpeg to fill gaps: ffmpeg lays decoded frames end to end, so it needs a packet every 20 ms
 * (before decision 0034, with the silence left out, the bursts came 240 ms apart).
 */
@Tag("interop")
class PlainRtpAudioFfmpegTest {
    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 30);

    @TempDir
    Path temp;

    @Test
    void ffmpegDecodesTheVideoAndTheSoundFromOneSdpFile() throws Exception {
        int port = freePorts();
        InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        Path sdp = temp.resolve("camera.sdp");
        PlainRtpOutput.writeSdp(sdp, target, FORMAT, PlainRtpOutput.Sound.of(SoundBand.WIDE));
        assertThat(Files.readString(sdp))
                .contains(
                        "m=audio " + (port + 2) + " RTP/AVP 111",
                        "opus/48000/2",
                        "useinbandfec=1;sprop-maxcapturerate=16000\r\n");
        Path pcm = temp.resolve("sound.s16");
        Path log = temp.resolve("ffmpeg.log");
        Process ffmpeg = new ProcessBuilder(
                        PlainRtpOutputFfmpegTest.ffmpeg(),
                        "-hide_banner",
                        "-loglevel",
                        "error",
                        "-nostdin",
                        "-protocol_whitelist",
                        "file,udp,rtp",
                        "-i",
                        sdp.toString(),
                        "-map",
                        "0:v:0",
                        "-t",
                        "4",
                        "-f",
                        "null",
                        "-",
                        "-map",
                        "0:a:0",
                        "-t",
                        "4",
                        "-ac",
                        "1",
                        "-ar",
                        "48000",
                        "-f",
                        "s16le",
                        "-y",
                        pcm.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        OpusEncoder encoder = new OpusEncoder(); // DTX on
        try (PlainRtpOutput output = new PlainRtpOutput(target, new SplittableRandom(1));
                EncoderLoop video = new EncoderLoop(
                        new SyntheticSource(320, 240, 30, Clock.systemUTC()),
                        new H264Encoder(EncoderSettings.of(FORMAT, 400_000)));
                AudioLoop audio = new AudioLoop(new SyntheticAudioSource(Clock.systemUTC()), encoder)) {
            awaitBound(port + 2, ffmpeg);
            video.subscribe(output);
            audio.subscribe(output.audio());
            video.start();
            audio.ensureStarted();
            assertThat(ffmpeg.waitFor(30, TimeUnit.SECONDS))
                    .as("ffmpeg finished within 30 s")
                    .isTrue();
        } finally {
            ffmpeg.destroyForcibly();
        }
        assertThat(ffmpeg.exitValue()).as(Files.readString(log)).isZero();
        assertThat(encoder.silentFrames())
                .as("frames DTX left out of a session")
                .isGreaterThan(50);
        short[] samples = samples(Files.readAllBytes(pcm));
        // ffmpeg's RTP demuxer starts the sound when its first packet arrives, up to a second or two
        // into the 4 s on a busy machine.
        assertThat(samples.length).as("seconds of sound").isGreaterThanOrEqualTo(48_000 * 3 / 2);
        List<Integer> onsets = onsets(samples);
        assertThat(onsets).as("a burst every 500 ms").hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < onsets.size(); i++) {
            assertThat(onsets.get(i) - onsets.get(i - 1))
                    .as("onsets %s", onsets)
                    .isBetween(24_000 - 480, 24_000 + 480);
        }
    }

    private static short[] samples(byte[] bytes) {
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    /** Sample indexes where a burst starts: loud after at least 200 ms of quiet. */
    private static List<Integer> onsets(short[] samples) {
        List<Integer> onsets = new ArrayList<>();
        int lastLoud = 0;
        for (int i = 0; i < samples.length; i++) {
            if (Math.abs(samples[i]) >= 4_000) {
                if (i - lastLoud > 9_600) {
                    onsets.add(i);
                }
                lastLoud = i;
            }
        }
        return onsets;
    }

    /** Four free ports from an even one on (video and sound, each RTP and RTCP), at or above 16384. */
    private static int freePorts() throws SocketException {
        SplittableRandom random = new SplittableRandom();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 16384 + 4 * random.nextInt(5_000);
            try (DatagramSocket a = new DatagramSocket(port);
                    DatagramSocket _ = new DatagramSocket(port + 1);
                    DatagramSocket _ = new DatagramSocket(port + 2);
                    DatagramSocket _ = new DatagramSocket(port + 3)) {
                return a.getLocalPort();
            } catch (BindException taken) {
                // try another
            }
        }
        throw new SocketException("no four free ports");
    }

    /** Waits until ffmpeg holds the port, read from /proc/net/udp, as PlainRtpOutputFfmpegTest does. */
    private static void awaitBound(int port, Process ffmpeg) throws Exception {
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
        throw new AssertionError("ffmpeg did not open UDP port " + port + " within 15 s");
    }
}
