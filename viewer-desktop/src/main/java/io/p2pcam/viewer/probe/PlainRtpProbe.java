package io.p2pcam.viewer.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.viewer.engine.audio.AudioPlayer;
import io.p2pcam.viewer.engine.audio.AudioSink;
import io.p2pcam.viewer.engine.connection.EngineWarmUp;
import io.p2pcam.viewer.engine.connection.PlainRtpAudioReceiver;
import io.p2pcam.viewer.engine.connection.PlainRtpReceiver;
import io.p2pcam.viewer.engine.decode.PipelineStats;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code probe --rtp-in PORT}: decodes a plain RTP/H.264 stream from a third-party sender with the
 * engine's receive path ({@link PlainRtpReceiver}), plays its Opus sound arriving on PORT + 2 if
 * any ({@link PlainRtpAudioReceiver}), and prints the same kind of JSON line as a camera probe. A
 * test input path, unencrypted: it shows the engine speaks standard RTP.
 */
final class PlainRtpProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainRtpProbe() {}

    /** Keeps the loudest sample played (proof that sound, not silence, was decoded). */
    private static final class PeakSink implements AudioSink {
        private volatile int peak;

        @Override
        public void play(short[] pcm, long rtpTimestamp) {
            int loudest = peak;
            for (short sample : pcm) {
                loudest = Math.max(loudest, Math.abs((int) sample));
            }
            peak = loudest;
        }

        int peak() {
            return peak;
        }
    }

    static int run(PrintWriter out, String bind, int frames, double timeoutSeconds) throws Exception {
        InetSocketAddress address;
        try {
            address = HostPort.parseBind(bind.contains(":") ? bind : "0.0.0.0:" + bind);
        } catch (IllegalArgumentException e) {
            return FailureLine.print(out, null, "BAD_ARGUMENT", "--rtp-in: " + e.getMessage());
        }
        EngineWarmUp.run();
        // The sound, if the sender has some, on the next port but one (as `run --rtp-out` and
        // RFC 3550 §11's even/odd convention put it): ffmpeg -f rtp sends one stream per port.
        PlainRtpAudioReceiver sound = null;
        PeakSink peak = new PeakSink();
        if (address.getPort() != 0) {
            try {
                sound = PlainRtpAudioReceiver.start(
                        new InetSocketAddress(address.getAddress(), address.getPort() + 2), peak);
            } catch (SocketException e) {
                return FailureLine.print(
                        out, null, "BAD_ARGUMENT", "--rtp-in: port " + (address.getPort() + 2) + ": " + e.getMessage());
            }
        }
        try {
            return decode(out, address, frames, timeoutSeconds, sound, peak);
        } finally {
            if (sound != null) {
                sound.close();
            }
        }
    }

    private static int decode(
            PrintWriter out,
            InetSocketAddress address,
            int frames,
            double timeoutSeconds,
            PlainRtpAudioReceiver sound,
            PeakSink peak)
            throws Exception {
        ProbeStats stats = new ProbeStats(Math.max(frames, 1));
        CountDownLatch done = new CountDownLatch(1);
        long started = System.nanoTime();
        try (PlainRtpReceiver receiver = PlainRtpReceiver.start(address, frame -> {
            stats.picture(frame, Instant.now(), System.nanoTime());
            if (stats.frames() >= frames) {
                done.countDown();
            }
        })) {
            boolean finished = done.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            if (!finished) {
                return FailureLine.print(
                        out,
                        null,
                        "TIMEOUT",
                        "decoded " + stats.frames() + " of " + frames
                                + " frames from " + receiver.packets() + " RTP packets on port " + receiver.port()
                                + " within " + timeoutSeconds + " s");
            }
            PipelineStats pipeline = receiver.pipeline().stats();
            ProbeStats.Summary summary = stats.summary(
                    pipeline.incompleteAccessUnits() + pipeline.decodeErrors(),
                    pipeline.accessUnitsSkipped() + receiver.skippedBeforeKeyframe());
            MediaReceiver.Stats media = receiver.mediaStats();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("input", "rtp:" + receiver.port());
            line.put("firstFrameMs", (stats.firstFrameNanos() - started) / 1_000_000);
            line.put("frames", summary.frames());
            line.put("width", summary.width());
            line.put("height", summary.height());
            line.put("fps", summary.fps());
            line.put("droppedFrames", summary.droppedFrames());
            line.put("corruptFrames", summary.corruptFrames());
            line.put("decodeErrors", pipeline.decodeErrors());
            line.put("decoder", receiver.pipeline().decoderName());
            line.put("packets", media.expected());
            line.put("packetsLost", media.givenUp());
            AudioPlayer.Stats audio = sound == null ? null : sound.stats();
            if (audio != null && audio.received() > 0) {
                line.put("audioReceived", audio.received());
                line.put("audioFrames", audio.played());
                line.put("audioLostFrames", audio.lost());
                // Of those, the frames rebuilt from the next packet's in-band FEC (heard, not concealed).
                line.put("audioRecoveredFrames", audio.recovered());
                // Of those, the frames whose packet came after its slot was played: a sender that
                // fell behind its own pace (ffmpeg -re starved of CPU) rather than loss on the way.
                line.put("audioLateFrames", audio.late());
                // Frames left out to bring the delay back (a sender ahead of this clock, a spike that passed).
                line.put("audioSkippedFrames", audio.skipped());
                line.put("audioUnsupportedPackets", audio.unsupportedPackets());
                line.put("audioConcealedMs", audio.concealedMillis());
                line.put("audioPeak", peak.peak());
            }
            out.println(JSON.writeValueAsString(line));
            out.flush();
            return 0;
        }
    }
}
