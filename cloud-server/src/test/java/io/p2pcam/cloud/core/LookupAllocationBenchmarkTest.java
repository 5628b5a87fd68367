package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stateless LOOKUP path allocates on the heap per datagram, through the entry the UDP edge
 * uses ({@link Rendezvous#handleDatagram(byte[], int, int, InetSocketAddress, long)}) and
 * {@link Rendezvous#pollTransmit()}: the figure that must not grow when the core's types change
 * (the path runs at ~350k/s a core). Bytes are counted by the JVM's per-thread allocation counter,
 * not timed. Not a unit test (the JIT must have compiled the path for the figure to mean anything):
 * run it with {@code -Dtest=LookupAllocationBenchmarkTest -Dp2pcam.excludedGroups=}.
 */
@Tag("benchmark")
class LookupAllocationBenchmarkTest {
    private static final Logger log = LoggerFactory.getLogger(LookupAllocationBenchmarkTest.class);
    private static final List<Candidate> LAN = List.of(Candidate.local(address("10.0.0.2", 1)));
    private static final int SOURCES = 1024;
    private static final int WARMUP = 400_000;
    private static final int MEASURED = 200_000;
    /** The least of several rounds: what the compiled path allocates, not a round a recompilation fell in. */
    private static final int ROUNDS = 5;
    /**
     * What a LOOKUP that finds its camera allocates since the codec reuses each thread's writer
     * (rate14, 2026-12-06: 528, the least of the rounds; 696 before it, 752 on 8d5d38b7, the commit
     * before the lane became a value type).
     */
    private static final long BYTES_BEFORE = 528;

    @Test
    void aLookupOfARegisteredCameraAllocatesNoMoreThanBefore() {
        RateLimit unlimited = new RateLimit(1e9, 1_000_000_000);
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults().withRates(unlimited, unlimited));
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        InetSocketAddress cameraAddress = address("198.51.100.7", 50000);
        assertThat(network.register(camera, cameraAddress, LAN)).isNotNull();

        InetSocketAddress[] viewers = new InetSocketAddress[SOURCES];
        for (int i = 0; i < SOURCES; i++) {
            viewers[i] = address("192.0.2." + (i & 0xff), 40000 + i);
        }
        byte[] lookup = CloudCodec.encode(new Lookup(9, camera.id()));
        Rendezvous cloud = network.cloud;
        long now = network.now;

        long replies = lookups(cloud, lookup, viewers, WARMUP, now);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long perLookup = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            replies += lookups(cloud, lookup, viewers, MEASURED, now);
            perLookup = Math.min(perLookup, (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED);
        }

        log.info(
                "LOOKUP of a registered camera: {} bytes allocated per datagram (least of {} rounds of {})",
                perLookup,
                ROUNDS,
                MEASURED);
        assertThat(replies).isEqualTo(WARMUP + (long) ROUNDS * MEASURED);
        if (BYTES_BEFORE > 0) {
            assertThat(perLookup).as("bytes allocated per LOOKUP").isLessThanOrEqualTo(BYTES_BEFORE);
        }
    }

    /** {@code count} LOOKUPs from the viewers in turn, each answer taken: how many answers there were. */
    private static long lookups(Rendezvous cloud, byte[] lookup, InetSocketAddress[] viewers, int count, long now) {
        long replies = 0;
        for (int i = 0; i < count; i++) {
            cloud.handleDatagram(lookup, 0, lookup.length, viewers[i & (SOURCES - 1)], now);
            for (Transmit transmit = cloud.pollTransmit(); transmit != null; transmit = cloud.pollTransmit()) {
                replies += transmit.data().length > 0 ? 1 : 0;
            }
        }
        return replies;
    }
}
