package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.ServiceInfoImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A camera a browser already holds announces a new TXT record (a new name and port) under the same
 * instance name, so no new PTR record (RFC 6762 §8.4: a responder announces changed records): the
 * browser shows the change while it keeps browsing, without a restart of either side. The camera
 * here is any DNS-SD responder (JmDNS's own {@code setText}), as a camera of another make may be.
 */
@Tag("realtime")
class LanAnnouncementChangeTest {
    @Test
    void aBrowserSeesAHeldCamerasNewNameAndPortWithoutANewPointer() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        JmdnsGoodbye.install();
        LanAnnouncement before =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Porch", 40_996);
        LanAnnouncement after = new LanAnnouncement(before.id(), "Back door", 40_995);
        List<List<LanBrowser.Found>> lists = new CopyOnWriteArrayList<>();
        try (LanBrowser browser = LanBrowser.start(lists::add);
                JmDNS camera = JmDNS.create(LanInterfaces.multicastCapable().getFirst(), "p2pcam-change-test")) {
            ServiceInfo service = ServiceInfo.create(
                    LanAnnouncement.SERVICE_TYPE, before.instanceName(), before.port(), 0, 0, before.txt());
            camera.registerService(service);
            Eventually.await(
                    "the camera found as first announced", Duration.ofSeconds(10), () -> announced(browser, before));

            // JmDNS announces a new TXT record once it has announced the first (RFC 6762 §8.3), the PTR unchanged.
            ((ServiceInfoImpl) service).waitForAnnounced(5_000);
            service.setText(after.txt());

            Eventually.await("the camera's new name and port", Duration.ofSeconds(5), () -> announced(browser, after));
        }
        // JmDNS tells a resolution before it has read the TXT record too: the camera never left the list.
        List<List<LanBrowser.Found>> sinceFound = lists.stream()
                .dropWhile(list -> list.stream().noneMatch(camera -> camera.id().equals(before.id())))
                .toList();
        assertThat(sinceFound)
                .allSatisfy(
                        list -> assertThat(list).anyMatch(camera -> camera.id().equals(before.id())));
    }

    private static boolean announced(LanBrowser browser, LanAnnouncement announcement) {
        return browser.found().stream().anyMatch(camera -> camera.announcement().equals(announcement));
    }
}
