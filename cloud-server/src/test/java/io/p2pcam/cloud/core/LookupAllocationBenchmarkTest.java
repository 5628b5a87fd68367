package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig.RateLimit;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stateless answers (a LOOKUP found, a LOOKUP of an unknown ID, an acknowledged KEEPALIVE) allocate on the heap per datagram, through the entry the UDP edge
 * uses ({@link Rendezvous#handleDatagram(byte[], int, int, ClientAddress, long)}, with the
 * source's {@link ClientAddress} made once as the edge's sender cache makes it) and
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
     * What a LOOKUP that finds its camera allocates since LOOKUPs and KEEPALIVEs are read in place
     * and answered into an array of the answer's size (lookup13, 2026-12-06; 528 before it, with
     * the codec's writer reused; 696 before rate14, 752 on 8d5d38b7, the commit before the lane
     * became a value type; 144 before hot13 reused the source's {@link ClientAddress} per sender).
     * What is left: the answer's array and its {@link Transmit}.
     */
    private static final long LOOKUP_FOUND_BYTES = 120;
    /** What a LOOKUP of an unknown ID (the blaster's, bench/stateless-rate.sh) allocates: 264 before lookup13, 80 before hot13. */
    private static final long LOOKUP_UNKNOWN_BYTES = 56;
    /** What a registered camera's KEEPALIVE, acknowledged, allocates: 424 before lookup13, 80 before hot13. */
    private static final long KEEPALIVE_BYTES = 56;

    @Test
    void theStatelessAnswersAllocateNoMoreThanBefore() {
        RateLimit unlimited = new RateLimit(1e9, 1_000_000_000);
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults().withRates(unlimited, unlimited));
        CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
        InetSocketAddress cameraAddress = address("198.51.100.7", 50000);
        Registered registered = network.register(camera, cameraAddress, LAN);
        assertThat(registered).isNotNull();

        ClientAddress[] viewers = new ClientAddress[SOURCES];
        for (int i = 0; i < SOURCES; i++) {
            viewers[i] = ClientAddress.udp(address("192.0.2." + (i & 0xff), 40000 + i));
        }
        ClientAddress[] theCamera = new ClientAddress[SOURCES];
        Arrays.fill(theCamera, ClientAddress.udp(cameraAddress));
        CameraId unknown = CameraIdentity.generate(new SecureRandom()).id();

        long found = bytesPerRequest(network, CloudCodec.encode(new Lookup(9, camera.id())), viewers);
        long unknownId = bytesPerRequest(network, CloudCodec.encode(new Lookup(9, unknown)), viewers);
        long keepalive = bytesPerRequest(
                network, CloudCodec.encode(new Keepalive(9, camera.id(), registered.token())), theCamera);

        log.info(
                "bytes allocated per datagram (least of {} rounds of {}): LOOKUP found {}, LOOKUP of an unknown ID {},"
                        + " KEEPALIVE acknowledged {}",
                ROUNDS,
                MEASURED,
                found,
                unknownId,
                keepalive);
        assertThat(found).as("bytes allocated per LOOKUP found").isLessThanOrEqualTo(LOOKUP_FOUND_BYTES);
        assertThat(unknownId)
                .as("bytes allocated per LOOKUP of an unknown ID")
                .isLessThanOrEqualTo(LOOKUP_UNKNOWN_BYTES);
        assertThat(keepalive).as("bytes allocated per KEEPALIVE").isLessThanOrEqualTo(KEEPALIVE_BYTES);
    }

    /** Warms the path up, then the least of {@link #ROUNDS} rounds' bytes per datagram; every datagram must be answered. */
    private static long bytesPerRequest(InMemoryNetwork network, byte[] request, ClientAddress[] sources) {
        Rendezvous cloud = network.cloud;
        long now = network.now;
        long replies = requests(cloud, request, sources, WARMUP, now);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long perRequest = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            replies += requests(cloud, request, sources, MEASURED, now);
            perRequest = Math.min(perRequest, (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED);
        }
        assertThat(replies).isEqualTo(WARMUP + (long) ROUNDS * MEASURED);
        return perRequest;
    }

    /** {@code count} requests from the sources in turn, each answer taken: how many answers there were. */
    private static long requests(Rendezvous cloud, byte[] request, ClientAddress[] sources, int count, long now) {
        long replies = 0;
        for (int i = 0; i < count; i++) {
            cloud.handleDatagram(request, 0, request.length, sources[i & (SOURCES - 1)], now);
            for (Transmit transmit = cloud.pollTransmit(); transmit != null; transmit = cloud.pollTransmit()) {
                replies += transmit.data().length > 0 ? 1 : 0;
            }
        }
        return replies;
    }
}
