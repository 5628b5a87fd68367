package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.testing.Eventually;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import javax.jmdns.JmDNS;
import javax.jmdns.impl.JmDNSImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures what forged mDNS answers cost a viewer's JmDNS (docs/THREAT_MODEL.md, "LAN neighbour"):
 * JmDNS caches every record of every response it hears, of any name and type, for the TTL the
 * sender wrote; {@link JmdnsCacheBound} lets those of other names than our type's go at the next
 * reaper round. The forger here ({@link ForgedMdns}) sends A records of made-up host names with the
 * largest TTL, from port 5353 as a real responder does, to the mDNS group on this host's LAN
 * interface; the browser is set up as {@link LanBrowser} sets up its own (its reaper every second).
 * Prints the numbers the threat model quotes; asserts only that the forged records were heard
 * (and, by its wait, that they went).
 */
@Tag("benchmark")
class LanCacheGrowthTest {
    private static final int RECORDS_PER_PACKET = 40;
    private static final int PACKETS = 2_500;

    @Test
    void forgedAnswersOfOtherNamesLeaveJmdnsCacheWithinAReaperRound() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        JmdnsGoodbye.install(); // as LanBrowser.start: the reaper runs every second
        JmDNSImpl browser = (JmDNSImpl) JmDNS.create(lan, "p2pcam-viewer-cache-test");
        try (ForgedMdns forger = ForgedMdns.open(lan)) {
            browser.addServiceListener(LanAnnouncement.SERVICE_TYPE, new IgnoringServiceListener());

            int before = browser.getCache().allValues().size();
            long heapBefore = usedHeapAfterGc();
            long started = System.nanoTime();
            int peak = before;
            for (int packet = 0; packet < PACKETS; packet++) {
                forger.send(ForgedMdns.addresses(packet * RECORDS_PER_PACKET, RECORDS_PER_PACKET));
                if (packet % 100 == 0) {
                    peak = Math.max(peak, browser.getCache().allValues().size());
                }
            }
            long sent = System.nanoTime();
            Eventually.await(
                    "the forged records gone",
                    Duration.ofSeconds(30),
                    () -> browser.getCache().allValues().size() <= before);
            long gone = System.nanoTime();
            long heapAfter = usedHeapAfterGc();
            System.out.printf(
                    "forged %d records in %d packets of %d bytes, sent in %d ms; at most %d cached at once (sampled); "
                            + "all gone %d ms after the last was sent; heap after GC %+d KB%n",
                    PACKETS * RECORDS_PER_PACKET,
                    PACKETS,
                    ForgedMdns.addresses(0, RECORDS_PER_PACKET).length,
                    (sent - started) / 1_000_000,
                    peak - before,
                    (gone - sent) / 1_000_000,
                    (heapAfter - heapBefore) / 1_024);

            assertThat(peak).as("forged records were heard").isGreaterThan(before);
        } finally {
            browser.close();
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
