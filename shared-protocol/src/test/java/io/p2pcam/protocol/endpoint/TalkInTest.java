package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The talkback side on its own: what it refuses from the camera's own sound and what it counts.
 * (The talk floor between real viewers is shown end to end in CameraTalkFloorTest.)
 */
class TalkInTest {
    private final ArrayDeque<CameraEvent> events = new ArrayDeque<>();
    private final TalkIn talk = new TalkIn(Map.of(), events);

    @Test
    void aRetransmissionFromAViewerIsCountedAsDroppedTalkAndPlaysNothing() {
        talk.onRetransmission();
        talk.onRetransmission();

        assertThat(talk.droppedTalk()).isEqualTo(2);
        assertThat(talk.refusedTalk()).isZero();
        assertThat(events).isEmpty();
    }
}
