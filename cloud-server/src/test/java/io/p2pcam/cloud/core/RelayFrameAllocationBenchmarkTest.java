package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.CLOUD;
import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CameraRegistrationEvent;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the relay allocates on the heap per frame it forwards, through the entry the UDP edge uses
 * ({@link Rendezvous#handleDatagram(byte[], int, int, InetSocketAddress, long)}) and
 * {@link Rendezvous#pollTransmit()}: a camera's 1,228-byte frames (1,200-byte session packets, the
 * largest) to a viewer that proved its address, over a session a real connect opened. The copy of
 * the frame is most of it; what else a frame allocates must not grow when the core's types change.
 * Bytes are counted by the JVM's per-thread allocation counter, not timed; the frames are made
 * outside the counted stretches. Not a unit test (the JIT must have compiled the path for the
 * figure to mean anything): run it with {@code -Dtest=RelayFrameAllocationBenchmarkTest
 * -Dp2pcam.excludedGroups=}.
 */
@Tag("benchmark")
class RelayFrameAllocationBenchmarkTest {
    private static final Logger log = LoggerFactory.getLogger(RelayFrameAllocationBenchmarkTest.class);
    private static final int SESSION_PACKET_BYTES = 1200;
    private static final int BATCH = 1000;
    private static final int WARMUP = 300_000;
    private static final int MEASURED = 100_000;
    /** The least of several rounds: what the compiled path allocates, not a round a recompilation fell in. */
    private static final int ROUNDS = 5;
    /**
     * What a relayed 1,228-byte frame allocated on 8d5d38b7, before the lane became a value type
     * (the least of the rounds): its copy (1,248 bytes on the heap), its {@link Transmit} (24) and
     * 136 bytes of the session's look-up and the tag's check, not broken down. d20c61a9 allocated
     * 1,432, a {@link ClientAddress} (24) more for every datagram; 1,408 again since a frame's
     * source is compared in place with its relay side's.
     */
    private static final long BYTES_BEFORE = 1_408;

    private final InetSocketAddress cameraAddress = address("198.51.100.20", 40001);
    private final InetSocketAddress viewerAddress = address("192.0.2.30", 41000);

    @Test
    void aRelayedFrameAllocatesNoMoreThanBefore() {
        RelayLimits unlimited = RelayLimits.on().withRates(10_000_000_000_000L, 10_000_000_000_000L);
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults().withRelay(unlimited));
        SimulatedCamera simulated =
                new SimulatedCamera(network, cameraAddress, List.of(Candidate.local(address("10.0.0.2", 1))));
        ConnectAttemptEvent.Accepted accepted = (ConnectAttemptEvent.Accepted)
                new SimulatedViewer(network, viewerAddress).connect(simulated.identity.id());
        RelayGrant cameraGrant = simulated.events.stream()
                .filter(e -> e instanceof CameraRegistrationEvent.ConnectForwarded)
                .map(e -> ((CameraRegistrationEvent.ConnectForwarded) e).relay())
                .reduce((a, b) -> b)
                .orElseThrow();
        RelaySide camera = new RelaySide(CLOUD, cameraGrant, RelayFrame.FROM_CAMERA);
        RelaySide viewer = new RelaySide(CLOUD, accepted.relay(), RelayFrame.FROM_VIEWER);
        Rendezvous cloud = network.cloud;
        long now = network.now;
        // The viewer sends first from its address: from then on it consents to receive (§7).
        assertThat(forward(cloud, new byte[][] {viewer.frame()}, viewerAddress, now))
                .isOne();

        long forwarded = 0;
        for (int i = 0; i < WARMUP / BATCH; i++) {
            forwarded += forward(cloud, frames(camera), cameraAddress, now);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long perFrame = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            long allocated = 0;
            for (int i = 0; i < MEASURED / BATCH; i++) {
                byte[][] batch = frames(camera);
                long before = threads.getCurrentThreadAllocatedBytes();
                forwarded += forward(cloud, batch, cameraAddress, now);
                allocated += threads.getCurrentThreadAllocatedBytes() - before;
            }
            perFrame = Math.min(perFrame, allocated / MEASURED);
        }

        log.info(
                "relayed {}-byte frame: {} bytes allocated per frame (least of {} rounds of {})",
                RelayFrame.HEADER_BYTES + SESSION_PACKET_BYTES + RelayFrame.TAG_BYTES,
                perFrame,
                ROUNDS,
                MEASURED);
        assertThat(forwarded).as("frames relayed to the viewer").isEqualTo(WARMUP + (long) ROUNDS * MEASURED);
        assertThat(perFrame).as("bytes allocated per relayed frame").isLessThanOrEqualTo(BYTES_BEFORE);
    }

    private static byte[][] frames(RelaySide side) {
        byte[][] frames = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            frames[i] = side.frame(SESSION_PACKET_BYTES);
        }
        return frames;
    }

    /** Feeds {@code frames} from {@code from}; returns how many the cloud forwarded (datagrams of a frame's size). */
    private static int forward(Rendezvous cloud, byte[][] frames, InetSocketAddress from, long now) {
        int forwarded = 0;
        for (byte[] frame : frames) {
            cloud.handleDatagram(frame, 0, frame.length, from, now);
            for (Transmit transmit = cloud.pollTransmit(); transmit != null; transmit = cloud.pollTransmit()) {
                forwarded += transmit.data().length == frame.length ? 1 : 0;
            }
        }
        return forwarded;
    }
}
