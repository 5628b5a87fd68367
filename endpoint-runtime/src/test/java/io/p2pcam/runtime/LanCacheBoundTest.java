package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceInfo;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.constants.DNSRecordType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * JmDNS caches every record it hears for the TTL its sender wrote (docs/THREAT_MODEL.md, "LAN
 * neighbour"); {@link JmdnsCacheBound}, run by the reaper every second, keeps what a camera's
 * discovery needs and no more. Here a neighbour forges more instances of our type than the bound,
 * each with an address record of a made-up host, all with the largest TTL, at a JmDNS set up as
 * {@link LanBrowser} or {@link LanAnnouncer} sets up its own (its reaper every second).
 */
@Tag("realtime")
class LanCacheBoundTest {
    private static final int PER_PACKET = 40;
    private static final int FORGED_INSTANCES = 2 * JmdnsCacheBound.MAX_RECORDS;

    @Test
    void aBrowsersCacheKeepsNoForgedHostAndAtMostTheBoundOfOurType() throws Exception {
        JmDNSImpl browser = jmdns("p2pcam-viewer-bound-test");
        try {
            browser.addServiceListener(LanAnnouncement.SERVICE_TYPE, new IgnoringServiceListener());
            assertBoundedUnderForgedBlast(browser);
        } finally {
            browser.close();
        }
    }

    /** A camera's announcer reads responses as a browser does, and so caches them the same way. */
    @Test
    void aRespondersCacheIsBoundedTheSameWay() throws Exception {
        JmDNSImpl responder = jmdns("p2pcam-camera-bound-test");
        try {
            LanAnnouncement announcement = new LanAnnouncement(
                    CameraIdentity.generate(new SecureRandom()).id(), "Bound porch", 40_997);
            responder.registerService(ServiceInfo.create(
                    LanAnnouncement.SERVICE_TYPE, announcement.instanceName(), 40_997, 0, 0, announcement.txt()));
            assertBoundedUnderForgedBlast(responder);
        } finally {
            responder.close();
        }
    }

    private static JmDNSImpl jmdns(String hostName) throws IOException {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        JmdnsGoodbye.install(); // as LanBrowser and LanAnnouncer: the reaper every second
        return (JmDNSImpl) JmDNS.create(LanInterfaces.multicastCapable().getFirst(), hostName);
    }

    private static void assertBoundedUnderForgedBlast(JmDNSImpl jmdns) throws IOException {
        try (ForgedMdns forger =
                ForgedMdns.open(LanInterfaces.multicastCapable().getFirst())) {
            // A blast loses packets: send again until the bound of our type is reached.
            long deadline = System.nanoTime() + 30_000_000_000L;
            int rounds = 0;
            while (ourTypePointers(jmdns) < JmdnsCacheBound.MAX_POINTERS) {
                assertThat(System.nanoTime() - deadline)
                        .as("forged records cached in time")
                        .isNegative();
                for (int first = 0; first < FORGED_INSTANCES; first += PER_PACKET) {
                    forger.send(ForgedMdns.pointersAndAddresses(LanAnnouncement.SERVICE_TYPE, first, PER_PACKET));
                }
                rounds++;
                long roundSent = System.nanoTime();
                Eventually.await(
                        "a round handled",
                        Duration.ofSeconds(5),
                        () -> ourTypePointers(jmdns) >= JmdnsCacheBound.MAX_POINTERS
                                || System.nanoTime() - roundSent > 1_000_000_000L);
            }
            int sentRounds = rounds;
            Eventually.await(
                    "no forged host's record cached, and our type's within the bound",
                    Duration.ofSeconds(10),
                    () -> forgedHostRecords(jmdns) == 0 && ourTypePointers(jmdns) <= JmdnsCacheBound.MAX_POINTERS);
            System.out.printf(
                    "%s: %d rounds of %d forged instances (a host record each): %d PTR records of our type cached (bound %d)%n",
                    jmdns.getName(),
                    sentRounds,
                    FORGED_INSTANCES,
                    ourTypePointers(jmdns),
                    JmdnsCacheBound.MAX_POINTERS);
        }
    }

    private static long forgedHostRecords(JmDNSImpl jmdns) {
        return jmdns.getCache().allValues().stream()
                .map(DNSEntry::getKey)
                .filter(key -> key.startsWith(ForgedMdns.PREFIX) && key.endsWith(".local."))
                .filter(key -> !key.endsWith(LanAnnouncement.SERVICE_TYPE))
                .count();
    }

    private static long ourTypePointers(JmDNSImpl jmdns) {
        return jmdns.getCache().allValues().stream()
                .filter(entry -> entry.getRecordType() == DNSRecordType.TYPE_PTR)
                .map(DNSEntry::getKey)
                .filter(key -> key.endsWith(LanAnnouncement.SERVICE_TYPE))
                .count();
    }
}
