package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The probe line's fallback fields, from the events its connection reports (decision 0042). */
class StreamFallbacksTest {
    private final Milestones milestones = new Milestones(100, true);

    private Map<String, Object> line(String chosen) {
        Map<String, Object> line = new LinkedHashMap<>();
        milestones.fallbacks.put(line, chosen);
        return line;
    }

    @Test
    void aProbeThatNeverFellBackReportsNoneAndTheStreamItChose() {
        assertThat(line("main")).containsEntry("streamFallbacks", 0).containsEntry("streamAskedAtEnd", "main");
        assertThat(line(null)).as("without --stream it asks for nothing").containsEntry("streamAskedAtEnd", null);
    }

    @Test
    void eachFallbackCountsAndOneStillHoldingAtTheEndMeansTheSubStreamWasAskedFor() {
        milestones.record(new ViewerEvent.StreamFallback(true, 30_000));
        milestones.record(new ViewerEvent.StreamFallback(false, 0));
        assertThat(line("main")).containsEntry("streamFallbacks", 1).containsEntry("streamAskedAtEnd", "main");

        milestones.record(new ViewerEvent.StreamFallback(true, 60_000));
        assertThat(line("main")).containsEntry("streamFallbacks", 2).containsEntry("streamAskedAtEnd", "sub");
    }
}
