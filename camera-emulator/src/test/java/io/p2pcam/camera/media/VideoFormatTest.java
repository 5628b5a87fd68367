package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VideoFormatTest {
    @Test
    void readsASizeAsPeopleWriteIt() {
        assertThat(VideoFormat.of("1280x720", 30)).isEqualTo(new VideoFormat(1280, 720, 30));
        assertThat(VideoFormat.of(" 640X360 ", 15)).isEqualTo(new VideoFormat(640, 360, 15));
    }

    @Test
    void refusesSizesAYuv420EncoderCannotTake() {
        assertThatThrownBy(() -> VideoFormat.of("1280", 30))
                .hasMessage("size must be WIDTHxHEIGHT, e.g. 1280x720, not '1280'");
        assertThatThrownBy(() -> VideoFormat.of("axb", 30))
                .hasMessage("size must be WIDTHxHEIGHT, e.g. 1280x720, not 'axb'");
        assertThatThrownBy(() -> new VideoFormat(321, 240, 30))
                .hasMessage("picture size must be even and between 16 and 4096 pixels, not 321x240");
        assertThatThrownBy(() -> new VideoFormat(320, 240, 0))
                .hasMessage("frame rate must be between 1 and 120, not 0");
    }

    @Test
    void encoderSettingsKeepKeyframesWithinTwoSeconds() {
        VideoFormat format = new VideoFormat(640, 360, 25);

        assertThat(EncoderSettings.of(format, 500_000).keyframeInterval()).isEqualTo(50);
        assertThatThrownBy(() -> new EncoderSettings(format, 500_000, 51, 1))
                .hasMessage("keyframe interval must be 1 to 50 frames (two seconds), not 51");
    }
}
