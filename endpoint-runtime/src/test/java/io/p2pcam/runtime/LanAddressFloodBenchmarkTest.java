package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.lan.LanAnnouncement;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures what a flood of forged address records costs a {@link LanBrowser} (docs/BENCHMARKS.md,
 * "LAN discovery under a flood"): JmDNS hands every record it reads to the browser's record watch
 * on its one reading thread, and an A record asks whether a held camera's host has a new address.
 * The forger sends {@link #RECORDS} A records of made-up hosts, then one forged instance of our
 * type; the browser resolves the newest instance first, so its question about that instance
 * says JmDNS has read everything before it. Prints the time from the first packet to that question
 * and the CPU time of the live threads meanwhile; asserts only that the question came.
 */
@Tag("benchmark")
class LanAddressFloodBenchmarkTest {
    private static final int RECORDS_PER_PACKET = 40;
    private static final int PACKETS = 5_000;
    private static final int RECORDS = PACKETS * RECORDS_PER_PACKET;
    private static final int SENTINEL = 1_000_000_000;

    @Test
    void aFloodOfForgedAddressRecordsIsReadAndTheNextInstanceResolved() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        try (LanBrowser _ = LanBrowser.start();
                ForgedMdns forger = ForgedMdns.open(lan)) {
            long cpuBefore = processCpuNanos();
            long started = System.nanoTime();
            for (int packet = 0; packet < PACKETS; packet++) {
                forger.send(ForgedMdns.addresses(packet * RECORDS_PER_PACKET, RECORDS_PER_PACKET));
            }
            long sent = System.nanoTime();
            // Sent again each second until asked about: a datagram of the flood's may be dropped, this one too.
            long deadline = sent + Duration.ofSeconds(60).toNanos();
            while (forger.highestQueried() < SENTINEL && System.nanoTime() < deadline) {
                forger.send(ForgedMdns.pointers(LanAnnouncement.SERVICE_TYPE, SENTINEL, 1));
                long resend = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                while (forger.highestQueried() < SENTINEL && System.nanoTime() < resend) {
                    LockSupport.parkNanos(1_000_000); // polling the condition, with its deadline
                }
            }
            long queried = System.nanoTime();
            assertThat(forger.highestQueried())
                    .as("the instance sent after the flood queried")
                    .isEqualTo(SENTINEL);
            long cpu = processCpuNanos() - cpuBefore;
            System.out.printf(
                    "%d forged A records in %d packets: sent in %d ms; the next instance queried %d ms after the"
                            + " first packet (%d ms after the last); CPU of the live threads %d ms%n",
                    RECORDS,
                    PACKETS,
                    (sent - started) / 1_000_000,
                    (queried - started) / 1_000_000,
                    (queried - sent) / 1_000_000,
                    cpu / 1_000_000);
        }
    }

    /** The CPU time of the live threads (JmDNS's reading thread lives through the measurement). */
    private static long processCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : threads.getAllThreadIds()) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }
}
