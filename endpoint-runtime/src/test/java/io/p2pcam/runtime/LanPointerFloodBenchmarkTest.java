package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.p2pcam.protocol.lan.LanAnnouncement;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.JmDNSImpl;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures how far a flood of forged PTR records of our type puts JmDNS behind, for several
 * bounds of the type's cached PTR records (docs/BENCHMARKS.md, "the PTR walk"): JmDNS walks every
 * cached PTR of the type twice for each PTR it reads, so the bound sets the walk's length. A
 * neighbour sends {@link #RATE_PER_SECOND} new forged instances a second for {@link #FLOOD}; then
 * one more instance is announced (its PTR, as a camera's announcement carries, sent again each
 * second until heard). Printed per run: the time from the last forged packet to JmDNS telling its
 * listener of that instance (how far behind JmDNS's reading thread fell; when it is over a second,
 * the first announcement was dropped), how many forged records JmDNS read (the rest were dropped
 * by a full socket buffer), and the CPU time of the reading thread per forged record read. "no flood" is the same announcement with no flood before it (the floor
 * of the first figure). A genuine {@link LanAnnouncer} is not used: its probing takes about 4 s,
 * which would hide a shorter lag. The settings alternate, run after
 * run, so that the shared machine's load falls on all of them alike. Asserts only that the camera
 * was heard.
 */
@Tag("benchmark")
class LanPointerFloodBenchmarkTest {
    private static final int PER_PACKET = 40;
    /** Forged PTR records a second: 2,000 unless {@code -Dp2pcam.benchmark.rate} says otherwise. */
    private static final int RATE_PER_SECOND = Integer.getInteger("p2pcam.benchmark.rate", 2_000);

    private static final Duration PACKET_INTERVAL = Duration.ofNanos(1_000_000_000L * PER_PACKET / RATE_PER_SECOND);
    private static final Duration FLOOD = Duration.ofSeconds(6);
    private static final int NO_FLOOD = 0;
    private static final int[] SETTINGS = {2_048, 1_024, 512, 256, NO_FLOOD};
    /** The instance announced after the flood: its PTR heard says JmDNS has read the flood. */
    private static final int ANNOUNCED_AFTER = 1_000_000_000;

    private static final int RUNS = Integer.getInteger("p2pcam.benchmark.runs", 3);

    @Test
    void anInstanceAnnouncedAfterAFloodOfForgedPointersIsHeard() throws Exception {
        assumeFalse(LanInterfaces.multicastCapable().isEmpty(), "no multicast-capable interface: mDNS cannot run");
        JmdnsGoodbye.install(); // as LanBrowser: our reaper, cache bound and resolvers
        List<String> lines = new ArrayList<>();
        lines.add("load average before: " + loadAverage());
        for (int run = 1; run <= RUNS; run++) {
            for (int setting : SETTINGS) {
                String line = "run " + run + ", " + measure(setting) + ", load average " + loadAverage();
                System.out.println(line);
                lines.add(line);
            }
        }
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private static String measure(int maxPointers) throws Exception {
        InetAddress lan = LanInterfaces.multicastCapable().getFirst();
        AtomicLong heard = new AtomicLong();
        AtomicLong read = new AtomicLong();
        JmDNSImpl jmdns = (JmDNSImpl)
                JmDNS.create(lan, "p2pcam-viewer-ptr-bench-" + Long.toHexString(System.nanoTime() & 0xffffff));
        try (ForgedMdns forger = ForgedMdns.open(lan)) {
            assertThat(JmdnsGoodbye.boundPointersInCache(jmdns, maxPointers))
                    .as("our starter runs")
                    .isTrue();
            jmdns.addServiceListener(LanAnnouncement.SERVICE_TYPE, new ServiceListener() {
                @Override
                public void serviceAdded(ServiceEvent event) {
                    if (event.getName().equals(ForgedMdns.PREFIX + ANNOUNCED_AFTER)) {
                        heard.compareAndSet(0, System.nanoTime());
                    } else if (heard.get() == 0) {
                        read.incrementAndGet(); // a new forged instance: JmDNS read its PTR (others were dropped)
                    }
                }

                @Override
                public void serviceRemoved(ServiceEvent event) {}

                @Override
                public void serviceResolved(ServiceEvent event) {}
            });
            List<Long> readers = readingThreads();
            long readerCpuBefore = cpuNanos(readers);
            int sent = 0;
            if (maxPointers != NO_FLOOD) {
                long started = System.nanoTime();
                long packets = FLOOD.toNanos() / PACKET_INTERVAL.toNanos();
                for (long packet = 0; packet < packets; packet++) {
                    // On a fixed schedule: a rate, not a wait for a condition.
                    LockSupport.parkNanos(started + packet * PACKET_INTERVAL.toNanos() - System.nanoTime());
                    forger.send(ForgedMdns.pointers(LanAnnouncement.SERVICE_TYPE, sent, PER_PACKET));
                    sent += PER_PACKET;
                }
            }
            long lastSent = System.nanoTime();
            // Sent again each second until heard, as a camera announces itself twice a second apart
            // (RFC 6762 §8.3): a datagram may be dropped when JmDNS's socket buffer is full.
            long deadline = lastSent + Duration.ofSeconds(60).toNanos();
            int announcements = 0;
            while (heard.get() == 0 && System.nanoTime() < deadline) {
                announcements++;
                forger.send(ForgedMdns.pointers(LanAnnouncement.SERVICE_TYPE, ANNOUNCED_AFTER, 1));
                long resend = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                while (heard.get() == 0 && System.nanoTime() < resend) {
                    LockSupport.parkNanos(1_000_000); // polling the condition, with its deadline
                }
            }
            assertThat(heard.get())
                    .as("the instance announced after the flood heard")
                    .isNotZero();
            long readerCpu = cpuNanos(readers) - readerCpuBefore;
            return String.format(
                    "%s: the instance announced after it heard %d ms after the last forged packet (announced %d times);"
                            + " reading thread %d ms of CPU (%.1f µs a forged record read)",
                    maxPointers == NO_FLOOD
                            ? "no flood"
                            : String.format(
                                    "bound %d PTR, %d forged PTR at %d/s (%d read)",
                                    maxPointers, sent, RATE_PER_SECOND, read.get()),
                    (heard.get() - lastSent) / 1_000_000,
                    announcements,
                    readerCpu / 1_000_000,
                    read.get() == 0 ? 0.0 : readerCpu / 1e3 / read.get());
        } finally {
            jmdns.close();
        }
    }

    /** JmDNS's reading threads alive now (the browser's, before the announcer starts its own). */
    private static List<Long> readingThreads() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Long> readers = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("SocketListener")) {
                readers.add(info.getThreadId());
            }
        }
        return readers;
    }

    private static long cpuNanos(List<Long> ids) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (long id : ids) {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private static String loadAverage() throws Exception {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg)
                ? String.join(" ", List.of(Files.readString(loadavg).split(" ")).subList(0, 3))
                : "unknown";
    }
}
