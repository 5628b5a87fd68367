package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourceSpecTest {

    @Test
    void readsEveryForm() {
        assertThat(SourceSpec.parse("synthetic")).isEqualTo(new SourceSpec.Synthetic());
        assertThat(SourceSpec.parse(" synthetic ")).isEqualTo(new SourceSpec.Synthetic());
        assertThat(SourceSpec.parse("file:/videos/door.mp4"))
                .isEqualTo(new SourceSpec.File(Path.of("/videos/door.mp4")));
        assertThat(SourceSpec.parse("file:C:/videos/a:b.mp4"))
                .isEqualTo(new SourceSpec.File(Path.of("C:/videos/a:b.mp4")));
        assertThat(SourceSpec.parse("webcam")).isEqualTo(new SourceSpec.Webcam(Optional.empty()));
        assertThat(SourceSpec.parse("webcam:/dev/video2")).isEqualTo(new SourceSpec.Webcam(Optional.of("/dev/video2")));
        assertThat(SourceSpec.parse("webcam:Integrated Camera"))
                .isEqualTo(new SourceSpec.Webcam(Optional.of("Integrated Camera")));
    }

    @Test
    void printsAsItIsWritten() {
        assertThat(SourceSpec.parse("webcam:/dev/video2")).hasToString("webcam:/dev/video2");
        assertThat(SourceSpec.parse("webcam")).hasToString("webcam");
        assertThat(SourceSpec.parse("synthetic")).hasToString("synthetic");
        assertThat(SourceSpec.parse("file:a.mp4")).hasToString("file:a.mp4");
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(
            delimiter = '|',
            value = {
                "''|unknown source '': use synthetic, file:PATH, webcam or webcam:DEVICE",
                "camera|unknown source 'camera': use synthetic, file:PATH, webcam or webcam:DEVICE",
                "Synthetic|unknown source 'Synthetic': use synthetic, file:PATH, webcam or webcam:DEVICE",
                "synthetic:fast|'synthetic' takes no argument, not 'synthetic:fast'",
                "file|'file' needs a path: file:PATH",
                "file:|'file' needs a path: file:PATH",
                "webcam:|'webcam:' needs a device, e.g. webcam:/dev/video1, or plain 'webcam'",
            })
    void refusesWithAClearMessage(String text, String message) {
        assertThatThrownBy(() -> SourceSpec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}
