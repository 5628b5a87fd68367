package io.p2pcam.camera.live;

import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.LogSpacing;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The camera's video streams between its encoder and its network thread (docs/PROTOCOL.md §10.9):
 * one sender per stream, subscribed to the encoder while a viewer watches that stream, so that a
 * stream nobody watches is not encoded; and each stream's viewers paced at that stream's bitrate.
 * Network thread only, but for {@link #cancelAll()} once that thread has ended.
 */
final class StreamSubscriptions {
    private static final Logger log = LoggerFactory.getLogger(LiveCamera.class); // the camera log's name

    private final EncoderLoop encoder;
    /** One sender per stream (its own SSRC). */
    private final Map<VideoStream, MediaSender> senders = new EnumMap<>(VideoStream.class);
    /** The stream subscriptions held now. */
    private final Map<VideoStream, EncoderLoop.Subscription> watched = new EnumMap<>(VideoStream.class);
    /**
     * A viewer may flip between the streams as often as it likes (each flip works): the lines
     * saying so are spaced per stream and kind, so that it cannot flood the camera's log.
     */
    private final Map<VideoStream, LogSpacing> watchedLines = new EnumMap<>(VideoStream.class);

    private final Map<VideoStream, LogSpacing> unwatchedLines = new EnumMap<>(VideoStream.class);

    /** How often each of those lines is written at most. */
    static final Duration LINE_SPACING = Duration.ofSeconds(10);

    StreamSubscriptions(EncoderLoop encoder, UdpEndpointRunner<CameraEndpoint> network, RandomGenerator random) {
        this.encoder = encoder;
        for (VideoStream stream : encoder.streams()) {
            senders.put(stream, new MediaSender(network, stream, random));
            watchedLines.put(stream, new LogSpacing(LINE_SPACING));
            unwatchedLines.put(stream, new LogSpacing(LINE_SPACING));
            int bitrate = encoder.bitrate(stream);
            network.execute(camera -> camera.setMediaBitrate(stream, bitrate, UdpEndpointRunner.now()));
        }
    }

    /** A stream gained its first viewer or lost its last: its encoder starts or stops. */
    void onDemand(CameraEvent.StreamDemand demand, long now) {
        VideoStream stream = demand.stream();
        if (demand.watched() && !watched.containsKey(stream)) {
            // No keyframe asked for here: the endpoint asks for each viewer that needs one, within
            // its budgets (§10.6); asking at every demand let a viewer flipping streams key both.
            watched.put(stream, encoder.subscribeAtNextKeyframe(stream, senders.get(stream)));
            say(watchedLines.get(stream), now, "{} stream watched: encoding it{}", stream);
        } else if (!demand.watched() && watched.containsKey(stream)) {
            watched.remove(stream).cancel();
            say(unwatchedLines.get(stream), now, "{} stream unwatched: its encoder stops{}", stream);
        }
    }

    private static void say(LogSpacing spacing, long now, String format, VideoStream stream) {
        log.atLevel(spacing.admits(now) ? Level.INFO : Level.DEBUG)
                .log(format, stream.name().toLowerCase(Locale.ROOT), spacing.heldBackInWords());
    }

    /** Ends every subscription (the camera closes; the network thread has ended). */
    void cancelAll() {
        watched.values().forEach(EncoderLoop.Subscription::cancel);
        watched.clear();
    }
}
