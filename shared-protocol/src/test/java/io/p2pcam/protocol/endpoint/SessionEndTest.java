package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.session.SessionEvent.CloseReason;
import org.junit.jupiter.api.Test;

/** How a viewer explains a session that ended without its own close. */
class SessionEndTest {
    @Test
    void a_failed_punch_is_a_punch_failure_even_after_the_stream_was_live() {
        assertThat(SessionEnd.failure(CloseReason.PUNCH_FAILED, false)).isEqualTo(ViewerFailure.PUNCH_FAILED);
        assertThat(SessionEnd.failure(CloseReason.PUNCH_FAILED, true)).isEqualTo(ViewerFailure.PUNCH_FAILED);
    }

    @Test
    void a_session_that_ends_once_live_is_a_lost_connection_and_before_that_a_punch_failure() {
        for (CloseReason reason :
                new CloseReason[] {CloseReason.PEER_SILENT, CloseReason.PEER_CLOSED, CloseReason.KEYS_EXHAUSTED}) {
            assertThat(SessionEnd.failure(reason, true)).isEqualTo(ViewerFailure.CONNECTION_LOST);
            assertThat(SessionEnd.failure(reason, false)).isEqualTo(ViewerFailure.PUNCH_FAILED);
        }
    }

    @Test
    void the_words_say_whether_the_relay_was_tried_and_why_a_session_ended() {
        assertThat(SessionEnd.message(CloseReason.PUNCH_FAILED, true)).contains("not even through the relay");
        assertThat(SessionEnd.message(CloseReason.PUNCH_FAILED, false)).contains("the cloud offers no relay");
        assertThat(SessionEnd.message(CloseReason.PEER_CLOSED, true)).isEqualTo("the camera closed the session");
        assertThat(SessionEnd.message(CloseReason.KEYS_EXHAUSTED, true)).contains("keys ran out");
        assertThat(SessionEnd.message(CloseReason.PEER_SILENT, true)).isEqualTo("the camera went silent");
    }
}
