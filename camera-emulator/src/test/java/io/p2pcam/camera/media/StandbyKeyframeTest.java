package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StandbyKeyframeTest {
    private static final long SECOND = 1_000_000_000L;
    private static final EncodedFrame KEYFRAME = new EncodedFrame(new byte[] {0, 0, 0, 1, 0x65}, true, 7, 0, 7, 7);

    private final StandbyKeyframe standby = new StandbyKeyframe(Duration.ofSeconds(1));

    @Test
    void aKeyframeIsDueAtOnceThenEveryInterval() {
        assertThat(standby.due(0)).isTrue();
        standby.keep(KEYFRAME, 5 * SECOND);

        assertThat(standby.due(5 * SECOND + SECOND - 1)).isFalse();
        assertThat(standby.due(6 * SECOND)).isTrue();
        assertThat(standby.made()).isEqualTo(1);
    }

    @Test
    void theKeptKeyframeIsHandedOutOnce() {
        standby.keep(KEYFRAME, 5 * SECOND);

        assertThat(standby.take(5 * SECOND + 1)).isSameAs(KEYFRAME);
        assertThat(standby.take(5 * SECOND + 2)).isNull();
        assertThat(standby.madeAt()).isEqualTo(5 * SECOND);
    }

    @Test
    void aKeyframeOlderThanTwoIntervalsIsNotHandedOut() {
        standby.keep(KEYFRAME, 5 * SECOND);

        assertThat(standby.take(7 * SECOND + 1)).isNull(); // a stalled loop made no newer one
    }

    @Test
    void aDroppedKeyframeIsNotHandedOutAndANewOneIsDue() {
        standby.keep(KEYFRAME, 5 * SECOND);
        standby.drop(); // its encoder was reopened

        assertThat(standby.take(5 * SECOND + 1)).isNull();
        assertThat(standby.due(5 * SECOND + 1)).isTrue();
    }

    @Test
    void onlyKeyframesAreKept() {
        EncodedFrame predicted = new EncodedFrame(new byte[] {0, 0, 0, 1, 0x41}, false, 8, 0, 8, 8);

        assertThatThrownBy(() -> standby.keep(predicted, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StandbyKeyframe(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
