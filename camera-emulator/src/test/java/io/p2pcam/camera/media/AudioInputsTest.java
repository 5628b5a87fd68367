package io.p2pcam.camera.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioInputsTest {
    /** What FFmpeg's alsa input listed on a machine with no sound card (libasound's plugins). */
    private static final List<String> PLUGINS_ONLY =
            List.of("null", "lavrate", "samplerate", "speexrate", "jack", "oss", "pulse", "speex", "upmix", "vdownmix");

    /** Typical hints of a laptop with a sound card, plugins mixed in. */
    private static final List<String> LAPTOP = List.of(
            "null",
            "default",
            "pipewire",
            "pulse",
            "jack",
            "dmix",
            "sysdefault:CARD=PCH",
            "front:CARD=PCH,DEV=0",
            "dsnoop:CARD=PCH,DEV=0",
            "hw:CARD=PCH,DEV=0",
            "plughw:CARD=PCH,DEV=0",
            "hw:CARD=C920,DEV=0",
            "plughw:1,0");

    @Test
    void alsaSoftwarePluginsAreNotMicrophones() {
        assertThat(AudioInputs.alsaCards(hints(PLUGINS_ONLY))).isEmpty();
    }

    @Test
    void alsaHintsThatNameASoundCardAreListedAsAlsaDevices() {
        assertThat(AudioInputs.alsaCards(hints(LAPTOP)))
                .extracting(CaptureDevice::device)
                .containsExactly(
                        "alsa:sysdefault:CARD=PCH",
                        "alsa:front:CARD=PCH,DEV=0",
                        "alsa:dsnoop:CARD=PCH,DEV=0",
                        "alsa:hw:CARD=PCH,DEV=0",
                        "alsa:plughw:CARD=PCH,DEV=0",
                        "alsa:hw:CARD=C920,DEV=0",
                        "alsa:plughw:1,0");
    }

    private static List<CaptureDevice> hints(List<String> names) {
        return names.stream()
                .map(name -> new CaptureDevice(name, "description of " + name))
                .toList();
    }
}
