package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** One stream's forced keyframes: coalesced, at most one ask a second, nobody passed over. */
class ForcedKeyframesTest {
    private static final long SECOND = ForcedKeyframes.SPACING_MILLIS;
    private final ForcedKeyframes keyframes = new ForcedKeyframes();

    @Test
    void theFirstAskGoesAtOnce() {
        assertThat(keyframes.ask(1, 0)).isTrue();
        assertThat(keyframes.nextTimeout()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void asksWithinTheSecondWaitAndGoAsOneAskInTheNameOfTheFirstToWait() {
        keyframes.ask(1, 0);

        assertThat(keyframes.ask(2, 100)).isFalse();
        assertThat(keyframes.ask(3, 200)).isFalse();
        assertThat(keyframes.ask(2, 300)).isFalse();

        assertThat(keyframes.nextTimeout()).isEqualTo(SECOND);
        assertThat(keyframes.due(SECOND - 1)).isEmpty();
        assertThat(keyframes.due(SECOND)).isEqualTo(OptionalInt.of(2));
        assertThat(keyframes.due(SECOND)).as("one ask served them all").isEmpty();
        assertThat(keyframes.nextTimeout()).isEqualTo(Long.MAX_VALUE);
        assertThat(keyframes.heldBack()).isEqualTo(3);
    }

    @Test
    void aKeyframeSentServesEveryViewerWaiting() {
        keyframes.ask(1, 0);
        keyframes.ask(2, 100);
        keyframes.ask(3, 150);

        keyframes.keyframeSent();

        assertThat(keyframes.due(SECOND)).isEmpty();
        assertThat(keyframes.nextTimeout()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anAskAfterTheKeyframeWaitsForTheNextSecondStill() {
        keyframes.ask(1, 0);
        keyframes.keyframeSent();

        assertThat(keyframes.ask(2, 400))
                .as("a keyframe sent is not an ask: the spacing holds")
                .isFalse();
        assertThat(keyframes.due(SECOND)).isEqualTo(OptionalInt.of(2));
    }

    @Test
    void aViewerThatLeftTheStreamWaitsNoMore() {
        keyframes.ask(1, 0);
        keyframes.ask(2, 100);

        keyframes.forget(2);

        assertThat(keyframes.due(SECOND)).isEmpty();
        assertThat(keyframes.nextTimeout()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aSecondAfterTheLastAskTheNextGoesAtOnceAndServesThoseStillWaiting() {
        keyframes.ask(1, 0);
        assertThat(keyframes.ask(1, SECOND - 1)).isFalse();
        assertThat(keyframes.due(SECOND)).isPresent();
        assertThat(keyframes.ask(2, 2 * SECOND - 1)).isFalse();

        assertThat(keyframes.ask(3, 2 * SECOND)).isTrue();

        assertThat(keyframes.due(2 * SECOND))
                .as("viewer 2 is served by viewer 3's ask")
                .isEmpty();
        assertThat(keyframes.ask(4, 4 * SECOND)).as("after a quiet second").isTrue();
    }

    @Test
    void aFloodOfAsksReachesTheEncoderOnceASecond() {
        int passed = 0;
        for (long now = 0; now < 10 * SECOND; now += 10) {
            if (keyframes.nextTimeout() <= now && keyframes.due(now).isPresent()) {
                passed++;
            }
            if (keyframes.ask((int) (now % 8), now)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(10);
    }
}
