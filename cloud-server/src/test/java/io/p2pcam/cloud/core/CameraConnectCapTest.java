package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class CameraConnectCapTest {
    private final SecureRandom random = new SecureRandom();
    private final CameraId camera = CameraIdentity.generate(random).id();
    private final CameraConnectCap cap = new CameraConnectCap();

    private int forwarded(CameraId id, int attempts, long now) {
        int passed = 0;
        for (int i = 0; i < attempts; i++) {
            if (cap.tryForward(id, now)) {
                passed++;
            }
        }
        return passed;
    }

    @Test
    void aBurstOfAHundredPassesThenFiftyASecond() {
        assertThat(forwarded(camera, 1_000, 0)).isEqualTo(CameraConnectCap.BURST);
        assertThat(forwarded(camera, 1_000, 1_000)).isEqualTo(CameraConnectCap.PER_SECOND);
        assertThat(forwarded(camera, 1_000, 1_010)).isZero();
    }

    @Test
    void oneCamerasFloodLeavesOtherCamerasAlone() {
        forwarded(camera, 1_000, 0);
        assertThat(forwarded(CameraIdentity.generate(random).id(), 5, 0)).isEqualTo(5);
    }
}
