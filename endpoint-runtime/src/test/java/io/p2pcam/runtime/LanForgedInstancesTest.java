package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forged DNS-SD instances of our own service type (docs/THREAT_MODEL.md, "LAN neighbour"): anyone
 * on the LAN may announce any number of them, and a browser that asks JmDNS to resolve each one
 * sends queries for it (three each) and holds JmDNS's state for it. Here a neighbour forges 400
 * instances, no SRV or TXT behind them, and then a real camera announces itself.
 */
@Tag("realtime")
class LanForgedInstancesTest {
    private static final int FORGED = 400;
    private static final int PER_PACKET = 40;
    /** 1,000 new forged instances a second: more than are resolved or kept, few enough for JmDNS to read them all. */
    private static final Duration FLOOD_PACKET_INTERVAL = Duration.ofMillis(40);

    @Test
    void aFloodOfForgedInstancesIsResolvedAFewAtATimeAndARealCameraAnnouncedAfterItIsStillFound() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        LanAnnouncement real =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Real porch", 40_998);
        try (LanBrowser browser = LanBrowser.start();
                ForgedMdns forger = ForgedMdns.open(lan)) {
            long started = System.nanoTime();
            forger.send(ForgedMdns.pointers(LanAnnouncement.SERVICE_TYPE, 0, 1));
            // The first one resolving: what follows meets a browser that already resolves instances.
            Eventually.await(
                    "the first forged instance queried",
                    Duration.ofSeconds(5),
                    () -> forger.questionsAboutForgedNames() > 0);
            for (int first = 1; first < FORGED; first += PER_PACKET) {
                forger.send(
                        ForgedMdns.pointers(LanAnnouncement.SERVICE_TYPE, first, Math.min(PER_PACKET, FORGED - first)));
            }
            LanAnnouncer announcer = LanAnnouncer.start(real);
            LanBrowser.Found found;
            try {
                found = browser.await(real.id(), Duration.ofSeconds(10));
            } finally {
                announcer.close();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "%d forged instances: %d of them queried, %d questions about them, in %.1f s; the real camera %s%n",
                    FORGED,
                    forger.queriedNames().size(),
                    forger.questionsAboutForgedNames(),
                    seconds,
                    found == null ? "not found" : "found");

            assertThat(found).as("the real camera, announced after the flood").isNotNull();
            // At most MAX_IN_FLIGHT at a time, each holding its place until answered or timed out.
            long bound = LanResolutions.MAX_IN_FLIGHT
                    * (1 + (long) Math.ceil(seconds * 1e9 / LanResolutions.RESOLVE_TIMEOUT.toNanos()));
            assertThat(forger.queriedNames().size())
                    .as("forged instances queried")
                    .isLessThanOrEqualTo((int) bound);
        }
    }

    /**
     * A neighbour keeps forging new instances, faster than the browser resolves them and more than
     * its cache keeps, while a camera the viewer looks for announces itself: the camera is found
     * during the flood, not after it.
     */
    @Test
    void aCameraTheViewerLooksForIsFoundDuringASustainedFloodOfForgedInstances() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        LanAnnouncement wanted =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "Wanted porch", 40_994);
        AtomicBoolean flooding = new AtomicBoolean(true);
        AtomicInteger forged = new AtomicInteger();
        try (LanBrowser browser = LanBrowser.start();
                ForgedMdns forger = ForgedMdns.open(lan)) {
            Thread flood = Thread.ofPlatform().name("forged flood").start(() -> {
                while (flooding.get()) {
                    try {
                        forger.send(ForgedMdns.pointers(LanAnnouncement.SERVICE_TYPE, forged.get(), PER_PACKET));
                    } catch (IOException e) {
                        return;
                    }
                    forged.addAndGet(PER_PACKET);
                    LockSupport.parkNanos(FLOOD_PACKET_INTERVAL.toNanos()); // a rate, not a wait for a condition
                }
            });
            LanBrowser.Found found;
            long announced;
            double seconds;
            try {
                Eventually.await(
                        "the cache's bound of forged records reached",
                        Duration.ofSeconds(10),
                        () -> forged.get() > 2 * JmdnsCacheBound.MAX_RECORDS);
                browser.lookFor(List.of(wanted.id())); // as the viewer, for the cameras in its list
                announced = System.nanoTime();
                LanAnnouncer announcer = LanAnnouncer.start(wanted);
                try {
                    found = browser.await(wanted.id(), Duration.ofSeconds(10));
                    seconds = (System.nanoTime() - announced) / 1e9;
                } finally {
                    announcer.close();
                }
            } finally {
                flooding.set(false);
                flood.join();
            }
            System.out.printf(
                    "a flood of %d forged instances: the camera looked for %s %.1f s after it started announcing%n",
                    forged.get(), found == null ? "not found" : "found", seconds);

            assertThat(found)
                    .as("the camera looked for, announced during the flood")
                    .isNotNull();
            assertThat(found.announcement()).isEqualTo(wanted);
        }
    }
}
