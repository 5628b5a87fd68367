package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.viewer.config.CloudPassStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeCommandTest {
    private static final ViewerEvent.Failed THROTTLED = new ViewerEvent.Failed(
            ViewerFailure.TOO_MANY_ATTEMPTS, "the camera is limiting viewers it does not know yet; try again in 4 s");

    @Test
    void anUnpairedProbeTheCameraLimitsIsToldThatPairingLiftsTheLimit() {
        assertThat(ProbeCommand.unpairedHint(THROTTLED, null))
                .contains("does not know")
                .contains("--key-directory");
    }

    @Test
    void aProbeWithAKeyDirectoryOrAnotherFailureGetsNoHint(@TempDir Path keys) throws Exception {
        assertThat(ProbeCommand.unpairedHint(THROTTLED, CloudPassStore.load(keys)))
                .isEmpty();
        assertThat(ProbeCommand.unpairedHint(
                        new ViewerEvent.Failed(ViewerFailure.AUTH_FAILED, "wrong password for camera X"), null))
                .isEmpty();
    }
}
