package io.p2pcam.protocol.session;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two hosts that each have an IPv4 and an IPv6 address on one dual-stack socket (the bench
 * machine: 192.0.2.2 and fd00::2): a packet sent to the peer's IPv6 address arrives from the
 * sender's IPv6 address, one sent to its IPv4 address from its IPv4 one. So each side sees the
 * other at two addresses, and which one depends on where the other chose to send.
 */
class DualStackPathTest extends SessionPairBench {
    static final InetSocketAddress CAMERA_V4 = address("192.0.2.2", 40585);
    static final InetSocketAddress CAMERA_V6 = address("fd00::2", 40585);
    static final InetSocketAddress VIEWER_V4 = address("192.0.2.2", 51000);
    static final InetSocketAddress VIEWER_V6 = address("fd00::2", 51000);
    /** Far more than a session sends in the longest step here: more means the two ends answer each other forever. */
    static final int MAX_PACKETS_PER_STEP = 10_000;

    long delivered;

    /**
     * The camera probes the viewer's IPv4 address first and the viewer the camera's IPv6 one, so
     * the first PROBE_ACKs fix crossed paths: the camera sends over IPv4, the viewer over IPv6.
     */
    @Test
    void crossedPathsOnDualStackHostsSettleOnOneFamilyInsteadOfChasingEachOther() throws Exception {
        establish(
                List.of(Candidate.local(VIEWER_V4), Candidate.local(VIEWER_V6)),
                List.of(Candidate.local(CAMERA_V6), Candidate.local(CAMERA_V4)),
                false);
        streamAndExpectOneFamily();
    }

    /** The other crossing: the camera starts over IPv6, the viewer over IPv4. */
    @Test
    void theOtherCrossingSettlesToo() throws Exception {
        establish(
                List.of(Candidate.local(VIEWER_V6), Candidate.local(VIEWER_V4)),
                List.of(Candidate.local(CAMERA_V4), Candidate.local(CAMERA_V6)),
                false);
        streamAndExpectOneFamily();
    }

    private void streamAndExpectOneFamily() {
        advance(500);
        long afterSetUp = delivered;
        stream(10_000);

        // 10 s of 30 media packets and 2 RTCP reports a second, and a few packets to settle.
        assertThat(delivered - afterSetUp).as("packets in 10 s of streaming").isLessThan(10 * (30 + 2) + 50);
        assertThat(camera.path()).isNotNull();
        assertThat(viewer.path()).isNotNull();
        assertThat(camera.path().getAddress() instanceof Inet4Address)
                .as("both ends send over the same address family: where each sends is where the other hears it")
                .isEqualTo(viewer.path().getAddress() instanceof Inet4Address);
        assertThat(cameraEvents.stream().filter(e -> e instanceof SessionEvent.PathChanged))
                .as("the camera's path moves at most once")
                .hasSizeLessThanOrEqualTo(1);
        assertThat(viewerEvents.stream().filter(e -> e instanceof SessionEvent.PathChanged))
                .as("the viewer's path moves at most once")
                .hasSizeLessThanOrEqualTo(1);
        assertThat(camera.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();
    }

    /** Packets arrive from the sender's address of the destination's family; a livelock stops the test. */
    @Override
    void deliver() {
        long step = 0;
        boolean moved = true;
        while (moved) {
            moved = false;
            moved |= routeDualStack(camera, viewer, CAMERA_V4, CAMERA_V6, cameraEvents);
            moved |= routeDualStack(viewer, camera, VIEWER_V4, VIEWER_V6, viewerEvents);
            if (++step > MAX_PACKETS_PER_STEP) {
                throw new AssertionError(
                        "the two ends kept answering each other: " + MAX_PACKETS_PER_STEP + " rounds at one instant");
            }
        }
    }

    private boolean routeDualStack(
            SecureSession from,
            SecureSession to,
            InetSocketAddress fromV4,
            InetSocketAddress fromV6,
            List<SessionEvent> events) {
        boolean moved = false;
        SecureSession.Transmit transmit;
        while ((transmit = from.pollTransmit()) != null) {
            moved = true;
            delivered++;
            InetSocketAddress source = transmit.to().getAddress() instanceof Inet4Address ? fromV4 : fromV6;
            to.handleDatagram(transmit.data(), 0, transmit.data().length, source, now);
        }
        SessionEvent event;
        while ((event = from.pollEvent()) != null) {
            events.add(event);
        }
        return moved;
    }
}
