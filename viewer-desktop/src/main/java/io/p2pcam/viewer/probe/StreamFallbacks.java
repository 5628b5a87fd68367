package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.session.VideoStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The viewer's fallbacks to the sub-stream during a probe (decision 0042), as its endpoint reports
 * them. Heard on the network thread, read once the probe is done.
 */
final class StreamFallbacks {
    private final AtomicInteger count = new AtomicInteger();

    void heard(ViewerEvent.StreamFallback fallback) {
        if (fallback.onSub()) {
            count.incrementAndGet();
        }
    }

    /**
     * Puts {@code streamFallbacks} (the sub-stream arrived in place of the main stream, so many
     * times) and {@code streamAskedAtEnd}: what the endpoint's SELECT_STREAMs asked for last,
     * "main" or "sub" ({@code askedAtEnd}; null when it never asked, and then it never falls back).
     * Taken from the endpoint, not from the fallback events: an ask the camera has not answered yet
     * (a move not seen, a refusal not concluded) reports nothing, yet the sub-stream is asked for.
     */
    void put(Map<String, Object> line, VideoStream askedAtEnd) {
        line.put("streamFallbacks", count.get());
        line.put(
                "streamAskedAtEnd",
                askedAtEnd == null ? null : askedAtEnd.name().toLowerCase(Locale.ROOT));
    }
}
