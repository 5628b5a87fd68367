package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.recovery.VideoReceiver;
import io.p2pcam.protocol.session.StreamOffer;
import io.p2pcam.runtime.HostPort;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.runtime.UdpEndpointRunner;
import io.p2pcam.viewer.engine.audio.AudioPlayer;
import io.p2pcam.viewer.engine.connection.CameraConnection;
import io.p2pcam.viewer.engine.decode.PipelineStats;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one JSON line a successful probe prints: how the camera was reached, when each milestone
 * came, and what the stream delivered (video, recovery, sound, talk, decoder). The keys keep the
 * order scripts and docs/BENCHMARKS.md read them in.
 */
final class SessionLine {
    private final CameraId id;
    private final ProbeCommand.Rendezvous how;
    private final CameraConnection connection;
    private final Milestones milestones;
    private final ProbeStats stats;
    private final long started;

    SessionLine(
            CameraId id,
            ProbeCommand.Rendezvous how,
            CameraConnection connection,
            Milestones milestones,
            ProbeStats stats,
            long started) {
        this.id = id;
        this.how = how;
        this.connection = connection;
        this.milestones = milestones;
        this.stats = stats;
        this.started = started;
    }

    /**
     * Whole milliseconds from {@code startedNanos} to {@code atNanos} ({@link System#nanoTime()}),
     * counted on the endpoint's millisecond clock ({@link UdpEndpointRunner#now()}) that stamps
     * lookupMs, connectMs and pathMs: a milestone reached before another then never shows a larger
     * figure. (The nanosecond difference cut to milliseconds could: the endpoint's clock starts a
     * fraction of a millisecond after the probe's and rounds both ends down, so a path answered at
     * 10.1 ms on it and a first packet 0.1 ms later read 10 and 9.)
     */
    static long millisSince(long startedNanos, long atNanos) {
        return UdpEndpointRunner.millis(atNanos) - UdpEndpointRunner.millis(startedNanos);
    }

    /** {@link #millisSince} the start of the attempt, or null for a moment not reached (0). */
    private Long sinceStart(long atNanos) {
        return atNanos == 0 ? null : millisSince(started, atNanos);
    }

    /**
     * The streams the camera listed in its welcome (§10.1, decision 0044), in its order, as
     * {@code {"stream":"main","width":1280,"height":720,"fps":30}}: what an NVR's profile list
     * shows. Empty for a camera that listed none (older than the list): the line leaves the key out.
     */
    static List<Map<String, Object>> listedStreams(List<StreamOffer> offers) {
        return offers.stream().map(SessionLine::listed).toList();
    }

    private static Map<String, Object> listed(StreamOffer offer) {
        Map<String, Object> stream = new LinkedHashMap<>();
        stream.put("stream", offer.stream().name().toLowerCase(Locale.ROOT));
        stream.put("width", offer.width());
        stream.put("height", offer.height());
        stream.put("fps", offer.fps());
        return stream;
    }

    /** @param impairSpec the --impair text, shown when the traffic was impaired */
    Map<String, Object> describe(
            StreamOption stream,
            SwitchWatch switched,
            Impairment impairment,
            String impairSpec,
            AudioMarks marks,
            boolean talked) {
        Map<String, Object> line = new LinkedHashMap<>();
        PipelineStats pipeline = connection.pipeline().stats();
        ProbeStats.Summary summary = stats.summary(
                pipeline.incompleteAccessUnits() + pipeline.decodeErrors(),
                pipeline.accessUnitsSkipped() + connection.skippedBeforeKeyframe());
        line.put("camera", id.toString());
        line.put("rendezvous", how.kind()); // "cloud", or "lan": found by mDNS, connected with no cloud
        if (how.severalNodes()) {
            InetSocketAddress node = connection.cloudNode();
            line.put("cloudNode", node == null ? null : HostPort.format(node));
        }
        // The path the stream ended on (a relayed session may have been upgraded to direct on
        // the way), and the one that first carried it.
        line.put("path", milestones.currentPath().label());
        line.put("connectPath", milestones.live.path().label());
        line.put(
                "paired",
                milestones.admitted != null && milestones.admitted.welcome().paired());
        line.put("cloudPass", how.pass().present() ? "presented" : "none");
        List<Map<String, Object>> streams = milestones.admitted == null
                ? List.of()
                : listedStreams(milestones.admitted.welcome().streams());
        if (!streams.isEmpty()) {
            line.put("streams", streams);
        }
        line.put("pathChangeMs", milestones.changed == null ? null : milestones.changed.atMillis());
        line.put("lookupMs", milestones.keyVerified == null ? null : milestones.keyVerified.atMillis());
        line.put("connectMs", milestones.admitted == null ? null : milestones.admitted.atMillis());
        line.put("pathMs", milestones.live.atMillis());
        // Null when not reached: a probe stopped by a signal prints what it measured so far.
        line.put("firstPacketMs", sinceStart(connection.firstMediaNanos()));
        line.put("firstFrameMs", sinceStart(stats.firstFrameNanos()));
        long age = stats.firstFrameAgeMicros();
        line.put("firstFrameAgeMs", age < 0 ? null : age / 1_000);
        line.put("firstLiveFrameMs", sinceStart(stats.firstLiveNanos()));
        line.put("firstUnitKeyframe", connection.firstUnit() == VideoReceiver.FirstUnit.KEYFRAME);
        line.put("frames", summary.frames());
        line.put("width", summary.width());
        line.put("height", summary.height());
        line.put("stream", stream.name()); // asked for with --stream, or null
        if (switched != null) {
            line.put("switchTo", stream.switchTo);
            switched.put(line, connection.streamChangedNanos());
        }
        milestones.fallbacks.put(line, connection.askedStream());
        line.put("fps", summary.fps());
        line.put("latencyMsP50", summary.latencyMsP50());
        line.put("latencyMsP95", summary.latencyMsP95());
        line.put("latencyMsP99", summary.latencyMsP99());
        line.put("latencyMsMax", summary.latencyMsMax());
        line.put("intactFrames", summary.intactFrames());
        line.put("droppedFrames", summary.droppedFrames());
        line.put("corruptFrames", summary.corruptFrames());
        line.put("intactPercent", summary.intactPercent());
        line.put("incompleteAccessUnits", pipeline.incompleteAccessUnits());
        line.put("keyframeRequests", pipeline.keyframeRequests());
        if (impairment != null && impairment.burstMillis() > 0) {
            line.put("cleanAfterBurstMs", summary.cleanAfterBurstMs());
        }
        RecoveryFigures.put(line, connection.mediaStats());
        if (impairment != null) {
            line.put("impair", impairSpec);
        }
        line.put("maxFrameGapMs", summary.maxFrameGapMs());
        AudioPlayer.Stats audio = connection.audioStats();
        if (audio != null && audio.received() > 0) {
            AudioFigures.put(line, audio, marks.marks(), stats);
        }
        if (talked) {
            line.put("talkFrames", connection.talkSent());
            line.put("talkRefused", connection.talkRefused()); // notices: another viewer held the floor
            if (connection.floorHolder() != null) {
                line.put("talkFloorHolder", connection.floorHolder());
                line.put("talkTakenOver", connection.floorTakenOver()); // the holder, the owner, took it from us
            }
        }
        line.put("decoder", connection.pipeline().decoderName()); // "hw: vaapi", "sw", "sw (why not)"
        line.put("bytes", connection.mediaBytes());
        return line;
    }
}
