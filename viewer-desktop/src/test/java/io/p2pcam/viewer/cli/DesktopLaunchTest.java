package io.p2pcam.viewer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesktopLaunchTest {
    @Test
    void aLaunchWithoutArgumentsOpensTheAppWithTheDefaultsAndNoParser() {
        assertThat(DesktopLaunch.withoutOptions(List.of()))
                .contains(new DesktopLaunch(null, List.of(), Optional.empty(), Optional.empty(), false));
    }

    @Test
    void theStartupCheckAloneTakesTheSamePathSoThatItTimesAndTrainsWhatTheMenuEntryRuns() {
        assertThat(DesktopLaunch.withoutOptions(List.of("--startup-check")))
                .contains(new DesktopLaunch(null, List.of(), Optional.empty(), Optional.empty(), true));
    }

    @Test
    void everyOtherCommandLineIsLeftToPicocliIncludingHelpErrorsAndRepeats() {
        for (List<String> args : List.of(
                List.of("--help"),
                List.of("-h"),
                List.of("--version"),
                List.of("probe"),
                List.of("--config-dir", "/tmp/x"),
                List.of("--startup-check", "--startup-check"),
                List.of("--startup-check", "--hwaccel=off"),
                List.of("--startup-chek"),
                List.of(""),
                List.of("extra"))) {
            assertThat(DesktopLaunch.withoutOptions(args)).as(args.toString()).isEmpty();
        }
    }
}
