package io.p2pcam.viewer.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.viewer.engine.connection.EngineWarmUp;
import io.p2pcam.viewer.engine.connection.PlainRtpReceiver;
import io.p2pcam.viewer.engine.decode.PipelineStats;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code probe --rtp-in PORT}: decodes a plain RTP/H.264 stream from a third-party sender with the
 * engine's receive path ({@link PlainRtpReceiver}) and prints the same kind of JSON line as a
 * camera probe. A test input path, unencrypted: it shows the engine speaks standard RTP.
 */
final class PlainRtpProbe {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlainRtpProbe() {}

    static int run(PrintWriter out, String bind, int frames, double timeoutSeconds) throws Exception {
        InetSocketAddress address;
        try {
            address = HostPort.parseBind(bind.contains(":") ? bind : "0.0.0.0:" + bind);
        } catch (IllegalArgumentException e) {
            return ProbeCommand.fail(out, null, "BAD_ARGUMENT", "--rtp-in: " + e.getMessage());
        }
        EngineWarmUp.run();
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
                return ProbeCommand.fail(
                        out,
                        null,
                        "TIMEOUT",
                        "decoded " + stats.frames() + " of " + frames
                                + " frames from " + receiver.packets() + " RTP packets on port " + receiver.port()
                                + " within " + timeoutSeconds + " s");
            }
            PipelineStats pipeline = receiver.pipeline().stats();
            ProbeStats.Summary summary = stats.summary(
                    pipeline.incompleteAccessUnits() + pipeline.decodeErrors(), pipeline.accessUnitsSkipped());
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
            line.put("packets", media.expected());
            line.put("packetsLost", media.givenUp());
            out.println(JSON.writeValueAsString(line));
            out.flush();
            return 0;
        }
    }
}
