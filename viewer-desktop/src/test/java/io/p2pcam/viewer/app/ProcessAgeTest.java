package io.p2pcam.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessAgeTest {
    /** A real /proc/PID/stat line, starttime (field 22) 91234 ticks after the boot. */
    private static final String STAT = "4242 (java) S 4200 4242 4200 34816 4242 4194304 18431 0 3 0 120 35 0 0 20 0"
            + " 31 0 91234 6442450944 61234 18446744073709551615 1 1 0 0 0 0 0 4096 17102 0 0 0 17 1 0 0 0 0 0";

    @Test
    void theAgeIsTheUptimeLessTheProcessStartBothCountedFromTheBoot() {
        assertThat(ProcessAge.fromProc(STAT, "913.77 1650.02\n")).contains(Duration.ofMillis(913_770 - 912_340));
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String stat = STAT.replace("(java)", "(my (odd) app)");

        assertThat(ProcessAge.fromProc(stat, "913.77 1650.02")).contains(Duration.ofMillis(1430));
    }

    @Test
    void aLineThatDoesNotParseGivesNoAge() {
        assertThat(ProcessAge.fromProc("4242 (java) S 4200", "913.77 1650.02")).isEmpty();
        assertThat(ProcessAge.fromProc(STAT, "soon")).isEmpty();
        assertThat(ProcessAge.fromProc("no name at all", "913.77")).isEmpty();
    }

    @Test
    void thisProcessIsOlderThanZeroAndYoungerThanTheMachine() {
        assertThat(ProcessAge.now()).hasValueSatisfying(age -> assertThat(age).isPositive());
    }
}
