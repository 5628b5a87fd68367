package io.p2pcam.camera.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunningMarkTest {
    @TempDir
    Path stateDir;

    @Test
    void aFirstStartAndAStartAfterAnOrderlyStopAreClean() throws Exception {
        RunningMark mark = new RunningMark(stateDir);
        assertThat(mark.begin()).isFalse();
        mark.end();
        assertThat(new RunningMark(stateDir).begin()).isFalse();
    }

    @Test
    void aStartAfterARunThatNeverEndedIsACrash() throws Exception {
        assertThat(new RunningMark(stateDir).begin()).isFalse(); // then the power goes
        assertThat(new RunningMark(stateDir).begin()).isTrue();
        assertThat(stateDir.resolve(RunningMark.FILE_NAME)).exists(); // still marked for the next crash
    }
}
