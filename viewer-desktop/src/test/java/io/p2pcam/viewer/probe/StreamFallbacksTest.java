package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.session.VideoStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The probe line's fallback fields (decision 0042): the count from the events its connection
 * reports, the stream asked for at the end from the endpoint.
 */
class StreamFallbacksTest {
    private final Milestones milestones = new Milestones(100, true);

    private Map<String, Object> line(VideoStream askedAtEnd) {
        Map<String, Object> line = new LinkedHashMap<>();
        milestones.fallbacks.put(line, askedAtEnd);
        return line;
    }

    @Test
    void aProbeThatNeverFellBackReportsNoneAndTheStreamItAsksFor() {
        assertThat(line(VideoStream.MAIN))
                .containsEntry("streamFallbacks", 0)
                .containsEntry("streamAskedAtEnd", "main");
        assertThat(line(null)).as("without --stream it asks for nothing").containsEntry("streamAskedAtEnd", null);
    }

    @Test
    void eachFallbackCountsAndTheStreamAskedForAtTheEndIsTheEndpointsAskEvenBeforeTheCameraAnswered() {
        milestones.record(new ViewerEvent.StreamFallback(true, 30_000));
        milestones.record(new ViewerEvent.StreamFallback(false, 0));
        assertThat(line(VideoStream.MAIN))
                .containsEntry("streamFallbacks", 1)
                .containsEntry("streamAskedAtEnd", "main");

        // Asked again, the camera's answer not seen yet: no event, but the sub-stream is asked for.
        assertThat(line(VideoStream.SUB)).containsEntry("streamFallbacks", 1).containsEntry("streamAskedAtEnd", "sub");
    }
}
