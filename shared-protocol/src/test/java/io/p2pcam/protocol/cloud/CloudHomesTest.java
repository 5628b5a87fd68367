package io.p2pcam.protocol.cloud;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CloudHomesTest {
    private static final CameraIdentity IDENTITY = CameraIdentity.generate(new SecureRandom());
    private static final InetSocketAddress A = address("192.0.2.1", 32100);
    private static final InetSocketAddress B = address("192.0.2.2", 32100);
    private static final InetSocketAddress C = address("192.0.2.3", 32100);
    private static final Candidate REFLEXIVE = Candidate.reflexive(address("198.51.100.9", 40000));

    /**
     * A cloud node reduced to what a camera sees: challenges, registrations with a token of its
     * own, keepalive acks for that token; silent while down; after a restart it knows nobody.
     */
    private static final class FakeNode {
        final List<CloudMessage> received = new ArrayList<>();
        final List<Long> hellosAt = new ArrayList<>();
        boolean up = true;
        Bytes token;
        int registrations;

        /** The node's answer to {@code datagram}, or null. */
        CloudMessage receive(byte[] datagram, long now) throws CloudDecodeException {
            CloudMessage message = CloudCodec.decode(datagram);
            received.add(message);
            if (!up) {
                return null;
            }
            return switch (message) {
                case RegisterHello hello -> {
                    hellosAt.add(now);
                    yield new RegisterChallenge(hello.transaction(), Bytes.of(new byte[24]));
                }
                case Register register -> {
                    registrations++;
                    byte[] fresh = new byte[16];
                    new SecureRandom().nextBytes(fresh);
                    token = Bytes.of(fresh);
                    yield new Registered(register.transaction(), REFLEXIVE, token, 20_000, 65_000, 0);
                }
                case Keepalive keepalive ->
                    keepalive.token().equals(token)
                            ? new KeepaliveAck(keepalive.transaction(), 20_000)
                            : new ErrorReply(keepalive.transaction(), ErrorCode.NOT_REGISTERED);
                default -> null;
            };
        }

        void restart() {
            up = true;
            token = null;
        }

        long keepalives() {
            return received.stream().filter(Keepalive.class::isInstance).count();
        }
    }

    private final Map<InetSocketAddress, FakeNode> nodes = new HashMap<>();
    private final List<CloudHomes.Event> events = new ArrayList<>();
    private long now = 1_000;

    private FakeNode node(InetSocketAddress address) {
        return nodes.computeIfAbsent(address, ignored -> new FakeNode());
    }

    private CloudHomes homes(List<InetSocketAddress> addresses, long seed) {
        addresses.forEach(this::node);
        CloudHomes homes = new CloudHomes(IDENTITY, addresses, List.of(), new SplittableRandom(seed), now);
        exchange(homes);
        return homes;
    }

    /** Delivers everything the camera sent to its nodes, and their answers back, until quiet. */
    private void exchange(CloudHomes homes) {
        CloudHomes.Transmit transmit;
        while ((transmit = homes.pollTransmit()) != null) {
            try {
                CloudMessage answer = node(transmit.node()).receive(transmit.data(), now);
                if (answer != null) {
                    homes.handleMessage(answer, transmit.node(), now);
                }
            } catch (CloudDecodeException e) {
                throw new AssertionError(e);
            }
        }
        CloudHomes.Event event;
        while ((event = homes.pollEvent()) != null) {
            events.add(event);
        }
    }

    /** Runs the camera's timers up to {@code until}. */
    private void runUntil(CloudHomes homes, long until) {
        while (homes.nextTimeout() <= until) {
            now = Math.max(now, homes.nextTimeout());
            homes.handleTimeout(now);
            exchange(homes);
        }
        now = until;
    }

    private long lostEvents(InetSocketAddress node) {
        return events.stream()
                .filter(event -> event.node().equals(node) && event.event() instanceof CameraRegistrationEvent.Lost)
                .count();
    }

    @Test
    void aCameraGivenThreeNodesRegistersWithTheFirstTwoAndKeepsEachAliveOnItsOwn() {
        CloudHomes homes = homes(List.of(A, B, C), 1);
        runUntil(homes, now + 60_000);

        assertThat(homes.registeredNodes()).containsExactly(A, B);
        assertThat(node(A).registrations).isEqualTo(1);
        assertThat(node(B).registrations).isEqualTo(1);
        assertThat(node(C).received).isEmpty();
        // A keepalive at most every 8 s to each node, on each node's own token.
        assertThat(node(A).keepalives()).isBetween(7L, 8L);
        assertThat(node(B).keepalives()).isBetween(7L, 8L);
        assertThat(homes.registration(A).registration().token())
                .isNotEqualTo(homes.registration(B).registration().token());
    }

    @Test
    void whenOneNodeDiesTheCameraStaysRegisteredWithTheOtherAndMovesToTheSpare() {
        CloudHomes homes = homes(List.of(A, B, C), 2);
        runUntil(homes, now + 10_000);
        node(A).up = false;

        runUntil(homes, now + 25_000);

        assertThat(lostEvents(A)).isEqualTo(1);
        assertThat(lostEvents(B)).isZero(); // B never noticed anything
        assertThat(homes.registeredNodes()).containsExactlyInAnyOrder(B, C);
        assertThat(node(C).registrations).isEqualTo(1);
    }

    @Test
    void withTwoNodesADeadOneIsRetriedWithBackoffAndJoinedAgainWhenItReturns() {
        CloudHomes homes = homes(List.of(A, B), 3);
        runUntil(homes, now + 10_000);
        node(A).up = false;
        runUntil(homes, now + 60_000);
        assertThat(homes.registeredNodes()).containsExactly(B);
        int hellosWhileDown = (int) node(A).received.stream()
                .filter(RegisterHello.class::isInstance)
                .count();
        // 4 HELLOs per try, a try every 5.5 s + backoff of at most 4.8 s: no storm on a dead node.
        assertThat(hellosWhileDown).isBetween(4, 4 * 8);

        node(A).restart();
        long back = now;
        runUntil(homes, now + 10_000);

        assertThat(homes.registeredNodes()).containsExactly(A, B);
        assertThat(node(A).hellosAt.getLast() - back).isLessThanOrEqualTo(7_000); // §4.6: back within 7 s
    }

    @Test
    void aForwardFromEitherNodeIsReportedOnceAndAnsweredThroughTheNodeThatSentIt() {
        CloudHomes homes = homes(List.of(A, B), 4);
        ConnectForward forward = new ConnectForward(77, List.of(REFLEXIVE), Bytes.of(new byte[] {1}));
        ConnectForward fromA = ForwardTag.seal(forward, forwardKey(homes, A));
        events.clear();
        homes.handleMessage(fromA, A, now);
        homes.handleMessage(fromA, A, now); // the same forward repeated by A: reported once
        // B's forward IDs are its own: a different request, tagged under the camera's registration with B
        homes.handleMessage(ForwardTag.seal(forward, forwardKey(homes, B)), B, now);
        exchange(homes);

        assertThat(events).extracting(CloudHomes.Event::node).containsExactly(A, B);
        homes.answer(B, 77, false, List.of(), Bytes.EMPTY);
        CloudHomes.Transmit answer = homes.pollTransmit();
        assertThat(answer.node()).isEqualTo(B);
        try {
            ConnectAnswer decoded = (ConnectAnswer) CloudCodec.decode(answer.data());
            assertThat(decoded.token()).isEqualTo(node(B).token);
        } catch (CloudDecodeException e) {
            throw new AssertionError(e);
        }
    }

    /** The key {@code node} tags its forwards to the camera under: its registration's (§3.10.10). */
    private static byte[] forwardKey(CloudHomes homes, InetSocketAddress node) {
        return ForwardTag.key(homes.registration(node).registration().token());
    }

    @Test
    void aForwardFromANodeTheCameraIsNotHomedOnIsIgnored() {
        CloudHomes homes = homes(List.of(A, B, C), 5);
        events.clear();
        homes.handleMessage(new ConnectForward(5, List.of(), Bytes.EMPTY), C, now);
        exchange(homes);
        assertThat(events).isEmpty();
    }

    @Test
    void withOneNodeTheCameraSendsExactlyWhatASingleRegistrationSends() throws Exception {
        CloudHomes homes = new CloudHomes(IDENTITY, List.of(A), List.of(), new SplittableRandom(6), now);
        CameraRegistration single = new CameraRegistration(IDENTITY, List.of(), new SplittableRandom(6), now);
        int sent = 0;
        for (int step = 0; step < 12; step++) {
            CloudHomes.Transmit transmit = homes.pollTransmit();
            byte[] expected = single.pollTransmit();
            if (expected == null) {
                assertThat(transmit).isNull(); // backing off
            } else {
                sent++;
                assertThat(transmit.node()).isEqualTo(A);
                assertThat(transmit.data()).isEqualTo(expected);
            }
            now = homes.nextTimeout();
            assertThat(single.nextTimeout()).isEqualTo(now);
            homes.handleTimeout(now);
            single.handleTimeout(now);
        }
        assertThat(sent).isGreaterThanOrEqualTo(8); // two rounds of four HELLOs, the backoff between alike
    }

    @Test
    void theCamerasOfADeadNodeReachTheSpareSpreadOutNotInStep() {
        List<CloudHomes> cameras = new ArrayList<>();
        for (int seed = 0; seed < 50; seed++) {
            cameras.add(homes(List.of(A, B, C), 100 + seed));
        }
        long start = now;
        for (CloudHomes camera : cameras) {
            now = start;
            runUntil(camera, start + 10_000);
        }
        node(A).up = false;
        for (CloudHomes camera : cameras) {
            now = start + 10_000;
            runUntil(camera, start + 40_000);
            assertThat(camera.registeredNodes()).containsExactlyInAnyOrder(B, C);
        }
        long first = node(C).hellosAt.stream().mapToLong(Long::longValue).min().orElseThrow();
        long last = node(C).hellosAt.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(node(C).hellosAt).hasSize(50);
        assertThat(last - first).isGreaterThan(500); // jittered, though all registered at once
    }
}
