package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A camera's mDNS announcement is found by a browser on the same host, over the real network stack,
 * and lost about a second after its goodbye, as RFC 6762 §10.1 asks of a querier (the Add camera
 * dialog of a viewer stops offering a camera that stopped).
 */
@Tag("realtime")
class LanDiscoveryTest {
    @Test
    void aBrowserFindsAnAnnouncedCameraWithItsNameAndPortAndLosesItWithinSecondsOfItsGoodbye() throws Exception {
        assumeFalse(
                LanInterfaces.multicastCapable().isEmpty(),
                "this host has no multicast-capable network interface: mDNS cannot run here");
        LanAnnouncement announcement =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Test porch", 40_999);
        try (LanBrowser browser = LanBrowser.start()) {
            LanAnnouncer announcer = LanAnnouncer.start(announcement);
            try {
                LanBrowser.Found found = browser.await(announcement.id(), Duration.ofSeconds(10));

                assertThat(found).isNotNull();
                assertThat(found.announcement()).isEqualTo(announcement);
                assertThat(found.address().getPort()).isEqualTo(40_999);
                assertThat(LanInterfaces.multicastCapable())
                        .contains(found.addresses().getFirst());
            } finally {
                announcer.close();
            }
            // The goodbye's records live one more second (§10.1), then a reaper that looks every second.
            Eventually.await(
                    "the camera's goodbye heard",
                    Duration.ofMillis(2_500),
                    () -> browser.found().stream()
                            .noneMatch(camera -> camera.id().equals(announcement.id())));
        }
    }
}
