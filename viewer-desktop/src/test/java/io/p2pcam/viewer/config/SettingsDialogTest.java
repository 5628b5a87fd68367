package io.p2pcam.viewer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.viewer.engine.decode.HwAccel;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsDialogTest {
    @Test
    void theDecodingListOffersAutoOffThenTheTypesFfmpegListsHere() {
        assertThat(SettingsDialog.hwaccelChoices(List.of("vaapi", "cuda", "drm"), HwAccel.AUTO))
                .extracting(HwAccel::name)
                .containsExactly("auto", "off", "vaapi", "cuda", "drm");
    }

    @Test
    void aSavedTypeThisMachineDoesNotListIsStillShownAndNothingIsListedTwice() {
        assertThat(SettingsDialog.hwaccelChoices(List.of("vaapi", "vaapi", "not a name"), HwAccel.parse("d3d11va")))
                .extracting(HwAccel::name)
                .containsExactly("auto", "off", "vaapi", "d3d11va");
        assertThat(SettingsDialog.hwaccelChoices(List.of(), HwAccel.OFF))
                .extracting(HwAccel::name)
                .containsExactly("auto", "off");
    }

    @Test
    void autoAndOffSayWhatTheyDoAndTypesKeepFfmpegsNames() {
        assertThat(SettingsDialog.label(HwAccel.AUTO)).startsWith("Automatic");
        assertThat(SettingsDialog.label(HwAccel.OFF)).startsWith("Off");
        assertThat(SettingsDialog.label(HwAccel.parse("vaapi"))).isEqualTo("vaapi");
    }
}
