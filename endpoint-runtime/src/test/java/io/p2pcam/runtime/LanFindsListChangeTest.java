package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link LanFinds#announced} and {@link LanFinds#removed} tell whether the list changed without
 * building it each time: what they say is what comparing the whole list before and after says,
 * whatever the instances, their IDs, their failures and the time.
 */
class LanFindsListChangeTest {
    private final Random random = new Random(72);
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<CameraId> ids = new ArrayList<>();

    private static InetAddress address(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void whatAnnouncementsAndGoodbyesSayOfTheListIsWhatComparingItSays() {
        for (int i = 0; i < 6; i++) {
            byte[] bytes = new byte[CameraId.BYTES];
            random.nextBytes(bytes);
            ids.add(CameraId.fromBytes(bytes));
        }
        LanFinds finds = new LanFinds(id -> id.equals(ids.getFirst()) || id.equals(ids.get(1)), clock::get);
        int changes = 0;
        for (int step = 0; step < 20_000; step++) {
            String name = "Instance " + random.nextInt(16);
            CameraId id = ids.get(random.nextInt(ids.size()));
            InetAddress address = address(random.nextInt(4));
            List<LanBrowser.Found> before = finds.cameras();
            boolean said;
            int what = random.nextInt(10);
            if (what < 5) {
                LanBrowser.Found camera = new LanBrowser.Found(
                        new LanAnnouncement(id, "Camera", 40_000 + random.nextInt(2)), List.of(address));
                said = finds.announced(name, camera, address);
            } else if (what < 8) {
                said = finds.removed(name);
            } else {
                LanBrowser.Found found = finds.get(id);
                if (found != null) {
                    finds.failed(id, found.address(), LanBrowser.ConnectFailure.values()[random.nextInt(2)]);
                }
                clock.addAndGet(Duration.ofMinutes(random.nextInt(4)).toNanos());
                finds.holdsEnded();
                continue;
            }
            boolean changed = !finds.cameras().equals(before);
            assertThat(said).as("step %d", step).isEqualTo(changed);
            changes += changed ? 1 : 0;
        }
        assertThat(changes).as("the list changed often, and often not").isBetween(2_000, 18_000);
    }
}
