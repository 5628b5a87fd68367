package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.lan.LanAnnouncement;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.JmDNSImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures what forged mDNS answers cost a viewer's JmDNS (docs/THREAT_MODEL.md, "LAN neighbour"):
 * JmDNS caches every record of every response it hears, of any name and type, for the TTL the
 * sender wrote, and nothing bounds that cache. The forger here ({@link ForgedMdns}) sends A records of
 * made-up host names with the largest TTL, from port 5353 as a real responder does, to the mDNS
 * group on this host's LAN interface; the browser is set up as {@link LanBrowser} sets up its own (its reaper
 * every second). Prints the
 * numbers the threat model quotes; asserts only that the records stay cached past a reaper round.
 */
@Tag("benchmark")
class LanCacheGrowthTest {
    private static final int RECORDS_PER_PACKET = 40;
    private static final int PACKETS = 2_500;

    @Test
    void forgedAnswersStayInJmdnsCacheForTheTtlTheForgerChose() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        JmdnsGoodbye.install(); // as LanBrowser.start: the reaper runs every second
        JmDNSImpl browser = (JmDNSImpl) JmDNS.create(lan, "p2pcam-viewer-cache-test");
        try (ForgedMdns forger = ForgedMdns.open(lan)) {
            browser.addServiceListener(LanAnnouncement.SERVICE_TYPE, new Ignoring());

            int before = browser.getCache().allValues().size();
            long heapBefore = usedHeapAfterGc();
            long started = System.nanoTime();
            for (int packet = 0; packet < PACKETS; packet++) {
                forger.send(ForgedMdns.addresses(packet * RECORDS_PER_PACKET, RECORDS_PER_PACKET));
            }
            long sent = System.nanoTime();
            int cached = awaitNoGrowth(browser);
            long settled = System.nanoTime();
            int added = cached - before;
            long bytesPerRecord = (usedHeapAfterGc() - heapBefore) / Math.max(1, added);
            long reapStarted = System.nanoTime();
            browser.cleanCache(); // what the reaper does every second, over every cached record
            long reapMicros = (System.nanoTime() - reapStarted) / 1_000;
            System.out.printf(
                    "forged %d records in %d packets of %d bytes, sent in %d ms; %d cached after %d ms "
                            + "(%.0f records/s); about %d bytes of heap per cached record; one reaper round %d µs%n",
                    PACKETS * RECORDS_PER_PACKET,
                    PACKETS,
                    ForgedMdns.addresses(0, RECORDS_PER_PACKET).length,
                    (sent - started) / 1_000_000,
                    added,
                    (settled - started) / 1_000_000,
                    added / ((settled - started) / 1e9),
                    bytesPerRecord,
                    reapMicros);

            assertThat(browser.getCache().allValues().size())
                    .as("forged records outlive a reaper round (the cleanCache above)")
                    .isGreaterThanOrEqualTo(cached);
            assertThat(added).as("forged records cached").isGreaterThan(PACKETS * RECORDS_PER_PACKET / 20);
        } finally {
            browser.close();
        }
    }

    /** Polls the cache's size every 200 ms until it has not grown for a second (at most 30 s). */
    private static int awaitNoGrowth(JmDNSImpl browser) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int last = -1;
        long lastGrowth = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            int now = browser.getCache().allValues().size();
            if (now != last) {
                last = now;
                lastGrowth = System.nanoTime();
            } else if (System.nanoTime() - lastGrowth > 1_000_000_000L) {
                break;
            }
            Thread.sleep(200);
        }
        return last;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static final class Ignoring implements ServiceListener {
        @Override
        public void serviceAdded(ServiceEvent event) {}

        @Override
        public void serviceRemoved(ServiceEvent event) {}

        @Override
        public void serviceResolved(ServiceEvent event) {}
    }
}
