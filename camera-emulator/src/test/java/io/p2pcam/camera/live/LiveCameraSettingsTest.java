package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class LiveCameraSettingsTest {
    @Test
    void theCamerasSettingsPrintEverythingButThePassword() {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        LiveCamera.Settings settings = new LiveCamera.Settings(
                identity,
                new InetSocketAddress("127.0.0.1", 32100),
                Password.of("hunter2-correct-horse"),
                new InetSocketAddress("0.0.0.0", 0),
                4,
                null);
        assertThat(settings.toString())
                .contains(identity.id().toString(), "redacted")
                .doesNotContain("hunter2");
    }
}
