package io.p2pcam.camera.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.camera.media.SourceSpec;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioSpecTest {
    @Test
    void everyFormParses() {
        assertThat(AudioSpec.parse("auto")).isEqualTo(new AudioSpec.Auto());
        assertThat(AudioSpec.parse("synthetic")).isEqualTo(new AudioSpec.Synthetic());
        assertThat(AudioSpec.parse("file:/tmp/a.mkv")).isEqualTo(new AudioSpec.File(Path.of("/tmp/a.mkv")));
        assertThat(AudioSpec.parse("mic")).isEqualTo(new AudioSpec.Microphone(Optional.empty()));
        assertThat(AudioSpec.parse("mic:alsa:hw:1,0")).isEqualTo(new AudioSpec.Microphone(Optional.of("alsa:hw:1,0")));
    }

    @Test
    void aWrongFormSaysWhichAreAccepted() {
        assertThatThrownBy(() -> AudioSpec.parse("speaker"))
                .hasMessage("unknown sound source 'speaker': use auto, synthetic, file:PATH, mic or mic:DEVICE");
        assertThatThrownBy(() -> AudioSpec.parse("mic:")).hasMessageStartingWith("'mic:' needs a device");
        assertThatThrownBy(() -> AudioSpec.parse("file:")).hasMessage("'file' needs a path: file:PATH");
    }

    @Test
    void autoIsTheSoundThatGoesWithTheVideoSource(@TempDir Path temp) {
        AudioSpec auto = new AudioSpec.Auto();

        assertThat(auto.resolve(new SourceSpec.Synthetic())).contains(new AudioSpec.Synthetic());
        assertThat(auto.resolve(new SourceSpec.Webcam(Optional.empty())))
                .contains(new AudioSpec.Microphone(Optional.empty()));
        assertThat(auto.resolve(new SourceSpec.File(temp.resolve("missing.mkv"))))
                .isEmpty();
        assertThat(new AudioSpec.Synthetic().resolve(new SourceSpec.Webcam(Optional.empty())))
                .contains(new AudioSpec.Synthetic());
    }
}
