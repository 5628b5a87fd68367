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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forged DNS-SD instances of our own service type (docs/THREAT_MODEL.md, "LAN neighbour"): anyone
 * on the LAN may announce any number of them, and a browser that asks JmDNS to resolve each one
 * sends queries for it (three each) and holds JmDNS's state for it. Here a neighbour forges
 * instances, bare PTR records (nothing behind them) or complete announcements, and a real camera
 * announces itself.
 */
@Tag("realtime")
class LanForgedInstancesTest {
    private static final int FORGED = 400;
    private static final int PER_PACKET = 40;
    /** 1,000 new forged instances a second: more than are resolved or kept, few enough for JmDNS to read them all. */
    private static final Duration FLOOD_PACKET_INTERVAL = Duration.ofMillis(40);
    /** Complete forged announcements: the browser's list full, a few to spare, well within JmDNS's cache bound. */
    private static final int FORGED_COMPLETE = LanFinds.MAX_INSTANCES + 32;
    /** Four records each: a response well within JmDNS's 8,972-byte datagram. */
    private static final int COMPLETE_PER_PACKET = 16;

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
        try (LanBrowser browser = LanBrowser.start();
                ForgedMdns forger = ForgedMdns.open(lan)) {
            Flood flood = new Flood(forger);
            LanBrowser.Found found;
            long announced;
            double seconds;
            try {
                flood.awaitPastTheCacheBound();
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
                flood.stop();
            }
            System.out.printf(
                    "a flood of %d forged instances: the camera looked for %s %.1f s after it started announcing%n",
                    flood.sent(), found == null ? "not found" : "found", seconds);

            assertThat(found)
                    .as("the camera looked for, announced during the flood")
                    .isNotNull();
            assertThat(found.announcement()).isEqualTo(wanted);
        }
    }

    /**
     * A neighbour fills the browser's list with complete forged announcements (PTR, SRV, TXT and
     * address records, each a fresh valid ID: nothing tells them from new cameras, decision 0055),
     * then keeps forging bare instances; a camera announces itself before the viewer looks for it
     * (the user types its ID in the Add camera dialog after the camera started). The list being
     * full, its records were passed over then, and JmDNS tells nothing of records it already has.
     * Once looked for, it is found during the flood, not after it.
     */
    @Test
    void aCameraAnnouncedBeforeTheViewerLooksForItIsFoundDuringAFloodOnceLookedFor() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        SecureRandom random = new SecureRandom();
        LanAnnouncement camera =
                new LanAnnouncement(CameraIdentity.generate(random).id(), "Porch being added", 40_993);
        AtomicInteger listed = new AtomicInteger();
        try (LanBrowser browser = LanBrowser.start(list -> listed.set(list.size()));
                ForgedMdns forger = ForgedMdns.open(lan)) {
            // More than the list holds (one whose resolution timed out is asked again only 30 s later),
            // fewer than JmDNS's cache keeps;
            // each packet once the browser has resolved enough of those before it that the ones
            // waiting stay within its bound (LanResolutions.MAX_WAITING, the oldest let go).
            for (int first = 0; first < FORGED_COMPLETE; first += COMPLETE_PER_PACKET) {
                int sentBefore = first;
                Eventually.await(
                        "the browser resolving the forged announcements sent",
                        Duration.ofSeconds(30),
                        () -> sentBefore + COMPLETE_PER_PACKET - listed.get() <= LanResolutions.MAX_WAITING);
                List<LanAnnouncement> forged = new ArrayList<>();
                for (int n = first; n < Math.min(first + COMPLETE_PER_PACKET, FORGED_COMPLETE); n++) {
                    forged.add(new LanAnnouncement(
                            CameraIdentity.generate(random).id(), ForgedMdns.PREFIX + n, 40_000 + n));
                }
                forger.send(ForgedMdns.announcements(LanAnnouncement.SERVICE_TYPE, first, forged));
            }
            // Ten resolutions a second at most (LanResolutions.START_INTERVAL): 26 s for 256.
            Eventually.await(
                    "the browser's list filled by forged announcements",
                    Duration.ofSeconds(30),
                    () -> listed.get() >= LanFinds.MAX_INSTANCES);
            Flood flood = new Flood(forger, FORGED_COMPLETE);
            LanBrowser.Found found;
            LanAnnouncer announcer = null;
            try {
                flood.awaitPastTheCacheBound();
                forger.watch(camera.instanceName());
                announcer = LanAnnouncer.start(camera);
                // JmDNS announces a service twice, a second apart (RFC 6762 §8.3): the browser has
                // had the first for a second, and passed it over, when the second is sent.
                Eventually.await(
                        "the camera's announcements sent",
                        Duration.ofSeconds(10),
                        () -> forger.responsesNamingWatched() >= 2);
                assertThat(browser.found())
                        .as("the list, full of forged announcements, before the camera is looked for")
                        .hasSize(LanFinds.MAX_INSTANCES)
                        .noneMatch(held -> held.id().equals(camera.id()));

                browser.lookFor(List.of(camera.id())); // the user typed its ID
                found = browser.await(camera.id(), Duration.ofSeconds(10));
            } finally {
                if (announcer != null) {
                    announcer.close();
                }
                flood.stop();
            }
            assertThat(found)
                    .as("the camera, once looked for, during the flood")
                    .isNotNull();
            assertThat(found.announcement()).isEqualTo(camera);
        }
    }

    /**
     * A neighbour keeps forging new instances (PTR records only), more than the browser resolves
     * and its cache keeps, while a camera nobody looks for yet announces itself: the user opens the
     * Add camera dialog to pick it from the list. It is listed during the flood, and stays listed
     * while the flood goes on (its PTR record kept by the cache's bound, round after round).
     */
    @Test
    void aCameraNobodyLooksForIsListedDuringASustainedFloodOfForgedInstancesAndStays() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        LanAnnouncement camera =
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), "New porch", 40_992);
        try (LanBrowser browser = LanBrowser.start();
                ForgedMdns forger = ForgedMdns.open(lan)) {
            Flood flood = new Flood(forger);
            LanAnnouncer announcer = null;
            try {
                flood.awaitPastTheCacheBound();
                announcer = LanAnnouncer.start(camera);
                Eventually.await(
                        "the camera listed during the flood", Duration.ofSeconds(10), () -> listed(browser, camera));
                int sentThen = flood.sent();
                // The cache's bound runs every second: several rounds while the flood goes on.
                Eventually.await(
                        "the flood gone on past several rounds of the cache's bound",
                        Duration.ofSeconds(20),
                        () -> flood.sent() > sentThen + 3 * JmdnsCacheBound.MAX_RECORDS);

                assertThat(listed(browser, camera))
                        .as("the camera still listed")
                        .isTrue();
            } finally {
                if (announcer != null) {
                    announcer.close();
                }
                flood.stop();
            }
        }
    }

    private static boolean listed(LanBrowser browser, LanAnnouncement camera) {
        return browser.found().stream().anyMatch(found -> found.announcement().equals(camera));
    }

    /** A neighbour forging {@link #PER_PACKET} new instances every {@link #FLOOD_PACKET_INTERVAL}, until stopped. */
    private static final class Flood {
        private final AtomicBoolean flooding = new AtomicBoolean(true);
        private final AtomicInteger sent = new AtomicInteger();
        private final Thread thread;

        Flood(ForgedMdns forger) {
            this(forger, 0);
        }

        /** Forging instances {@code PREFIX + n} from n = {@code first} on. */
        Flood(ForgedMdns forger, int first) {
            thread = Thread.ofPlatform().name("forged flood").start(() -> {
                while (flooding.get()) {
                    try {
                        forger.send(ForgedMdns.pointers(LanAnnouncement.SERVICE_TYPE, first + sent.get(), PER_PACKET));
                    } catch (IOException e) {
                        return;
                    }
                    sent.addAndGet(PER_PACKET);
                    LockSupport.parkNanos(FLOOD_PACKET_INTERVAL.toNanos()); // a rate, not a wait for a condition
                }
            });
        }

        /** Forged instances sent so far. */
        int sent() {
            return sent.get();
        }

        void awaitPastTheCacheBound() {
            Eventually.await(
                    "the cache's bound of forged records reached",
                    Duration.ofSeconds(10),
                    () -> sent() > 2 * JmdnsCacheBound.MAX_RECORDS);
        }

        void stop() throws InterruptedException {
            flooding.set(false);
            thread.join();
        }
    }
}
