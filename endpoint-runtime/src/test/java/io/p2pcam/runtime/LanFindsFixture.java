package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Announcements for {@link LanFinds}' tests, a clock moved by hand, and the viewer's attempts at a camera. */
final class LanFindsFixture {
    static LanBrowser.Found camera(String name, String address) throws Exception {
        return found(
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), name, 40_000), address);
    }

    static LanBrowser.Found found(LanAnnouncement announcement, String address) throws Exception {
        return new LanBrowser.Found(announcement, List.of(InetAddress.getByName(address)));
    }

    /** {@code camera} announced by instance {@code name}, sent from the address it announces. */
    static boolean announce(LanFinds finds, String name, LanBrowser.Found camera) {
        return finds.announced(name, camera, camera.addresses().getFirst());
    }

    /** The {@code n}th of many hosts, each with an address of its own. */
    static String stranger(int n) {
        return "10.1." + n / 256 + "." + n % 256;
    }

    /** Nanoseconds, moved by hand. */
    final AtomicLong clock = new AtomicLong(1_000_000_000L);

    void later(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    /**
     * The viewer's attempts at camera {@code id}, as its supervisor makes them (docs/PROTOCOL.md
     * §10.8): connects at the address found, which is the camera only at {@code real}; anywhere else
     * what answers has a key of its own. How many attempts reached the camera's address, or -1.
     */
    int attemptsUntilConnected(LanFinds looking, CameraId id, InetSocketAddress real, int atMost) {
        for (int attempt = 1; attempt <= atMost; attempt++) {
            LanBrowser.Found found = looking.get(id);
            if (found == null) {
                return -1;
            }
            if (found.address().equals(real)) {
                looking.proved(id, real);
                return attempt;
            }
            looking.failed(id, found.address(), LanBrowser.ConnectFailure.NOT_THE_CAMERA);
            later(Duration.ofSeconds(5));
        }
        return -1;
    }
}
