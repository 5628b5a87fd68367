package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.recovery.MediaReceiver;
import io.p2pcam.protocol.session.VideoStream;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/**
 * The viewer's fallback to the sub-stream on its own (decision 0042), one look a second as the
 * endpoint's repeat timer gives it: when the main stream breaks, for how long, and when it comes back.
 */
class StreamChoiceTest {
    private final ArrayDeque<ViewerEvent> events = new ArrayDeque<>();
    private final StreamChoice choice = new StreamChoice(events);
    private long now = 1_000;
    private long givenUp;

    /** A second passes; {@code broke}: packets were given up in it. */
    private void second(boolean broke) {
        now += ViewerEndpoint.SELECTION_REFRESH_MILLIS;
        givenUp += broke ? 3 : 0;
        choice.handleTimeout(null, stats(), now);
    }

    private MediaReceiver.Stats stats() {
        return new MediaReceiver.Stats(1000, 50, 40, givenUp, 0, 0, 0, 20, 1, 30);
    }

    /** The session is live: the first look, the counters known from now. */
    private void live() {
        choice.handleTimeout(null, stats(), now);
    }

    @Test
    void aFewBrokenSecondsSpreadOverTheWindowDoNotMoveTheViewer() {
        choice.want(VideoStream.MAIN);
        live();
        for (int i = 0; i < 60; i++) {
            second(i % 6 == 0); // one broken second in six: loss the retransmissions mostly mend
        }
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
        assertThat(events).isEmpty();
    }

    @Test
    void theMainStreamBreakingInThreeOfTenSecondsMovesTheViewerToTheSubStreamForAHold() {
        choice.want(VideoStream.MAIN);
        live();
        second(true);
        second(false);
        second(true);
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
        second(true);

        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);
        assertThat(choice.wanted()).as("the choice is still the main stream").isEqualTo(VideoStream.MAIN);
        assertThat(events).containsExactly(new ViewerEvent.StreamFallback(true, StreamChoice.FIRST_HOLD_MILLIS));

        for (long t = 0; t < StreamChoice.FIRST_HOLD_MILLIS - 1_000; t += 1_000) {
            second(true); // the sub-stream's counters do not count against the main one
        }
        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);
        second(false);
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
        assertThat(events).endsWith(new ViewerEvent.StreamFallback(false, 0));
    }

    @Test
    void breakingAgainSoonAfterAReturnDoublesTheHoldUpToItsBoundAndHoldingResetsIt() {
        choice.want(VideoStream.MAIN);
        live();
        long expected = StreamChoice.FIRST_HOLD_MILLIS;
        for (int round = 0; round < 6; round++) {
            second(true);
            second(true);
            second(true);
            assertThat(events.pollLast()).isEqualTo(new ViewerEvent.StreamFallback(true, expected));
            while (choice.asked() == VideoStream.SUB) {
                second(false);
            }
            expected = Math.min(2 * expected, StreamChoice.MAX_HOLD_MILLIS);
        }
        for (long t = 0; t < StreamChoice.CLEAN_MILLIS; t += 1_000) {
            second(false); // the main stream holds for a minute
        }
        second(true);
        second(true);
        second(true);
        assertThat(events.pollLast()).isEqualTo(new ViewerEvent.StreamFallback(true, StreamChoice.FIRST_HOLD_MILLIS));
    }

    @Test
    void choosingAStreamAnewEndsAFallbackAndAViewerOfTheSubStreamNeverFallsBack() {
        choice.want(VideoStream.SUB);
        live();
        for (int i = 0; i < 20; i++) {
            second(true);
        }
        assertThat(events).isEmpty();

        choice.want(VideoStream.MAIN);
        second(true);
        second(true);
        second(true);
        assertThat(choice.asked()).isEqualTo(VideoStream.SUB);
        choice.want(VideoStream.SUB);
        choice.want(VideoStream.MAIN); // the user enlarged the tile again: the main stream it is
        assertThat(choice.asked()).isEqualTo(VideoStream.MAIN);
    }
}
