package io.p2pcam.protocol.cloud;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.ConnectAttempt.Phase;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectThroughNodesTest {
    private static final CameraIdentity CAMERA = CameraIdentity.generate(new SecureRandom());
    private static final InetSocketAddress A = address("192.0.2.1", 32100);
    private static final InetSocketAddress B = address("192.0.2.2", 32100);
    private static final InetSocketAddress C = address("192.0.2.3", 32100);
    private static final Bytes HANDSHAKE = Bytes.of(new byte[] {7, 7, 7});

    private long now = 10_000;

    /** A datagram the attempt sent, decoded, with its node. */
    private record Sent(InetSocketAddress node, CloudMessage message) {}

    private static List<Sent> sent(ConnectThroughNodes attempt) {
        List<Sent> sent = new ArrayList<>();
        ConnectThroughNodes.Transmit transmit;
        while ((transmit = attempt.pollTransmit()) != null) {
            try {
                sent.add(new Sent(transmit.node(), CloudCodec.decode(transmit.data())));
            } catch (CloudDecodeException e) {
                throw new AssertionError(e);
            }
        }
        return sent;
    }

    private static List<InetSocketAddress> nodesOf(List<Sent> sent) {
        return sent.stream().map(Sent::node).toList();
    }

    /** Runs the attempt's timers up to {@code until}, collecting what it sends. */
    private List<Sent> runUntil(ConnectThroughNodes attempt, long until) {
        List<Sent> sent = new ArrayList<>();
        while (attempt.nextTimeout() <= until) {
            now = Math.max(now, attempt.nextTimeout());
            attempt.handleTimeout(now);
            sent.addAll(sent(attempt));
        }
        now = until;
        return sent;
    }

    private static long transaction(List<Sent> sent, InetSocketAddress node) {
        return sent.stream()
                .filter(s -> s.node().equals(node))
                .reduce((first, second) -> second)
                .orElseThrow()
                .message()
                .transaction();
    }

    @Test
    void aSilentNodeIsPassedOverForTheNextWithinTheDeadline() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(1), now, now + 10_000);
        List<Sent> first = sent(attempt);
        assertThat(nodesOf(first)).containsExactly(A);

        List<Sent> later = runUntil(attempt, now + ConnectThroughNodes.NODE_TIMEOUT_MILLIS);
        assertThat(nodesOf(later)).contains(B); // A retransmitted, then B asked too
        assertThat(later.getLast().message()).isInstanceOf(Lookup.class);

        attempt.handleMessage(new LookupResult(transaction(later, B), CAMERA.publicKey()), B, now);
        assertThat(attempt.pollEvent()).isEqualTo(new ConnectAttemptEvent.KeyFound(CAMERA.publicKey()));
        assertThat(attempt.answeredBy()).isEqualTo(B);

        attempt.connect(List.of(), HANDSHAKE, now);
        List<Sent> connect = sent(attempt);
        assertThat(nodesOf(connect)).containsExactly(B); // the node that answered is asked first
        attempt.handleMessage(
                new ConnectResult(transaction(connect, B), ConnectStatus.ACCEPTED, List.of(), HANDSHAKE), B, now);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.Accepted.class);
        assertThat(attempt.answeredBy()).isEqualTo(B);
    }

    @Test
    void aChangedPathToANodeCarriesItsOutstandingRequestAtOnce() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A), new SplittableRandom(4), now, now + 10_000);
        List<Sent> first = sent(attempt);
        attempt.pathChanged(B, CloudPathMove.REFUSED_OVER_UDP, now); // not a node of this attempt: nothing to repeat
        assertThat(sent(attempt)).isEmpty();
        attempt.pathChanged(A, CloudPathMove.REFUSED_OVER_UDP, now);
        List<Sent> again = sent(attempt);
        assertThat(again).containsExactly(first.getFirst());

        attempt.handleMessage(new LookupResult(transaction(first, A), CAMERA.publicKey()), A, now);
        attempt.pollEvent();
        // answered, the key being checked: nothing outstanding
        attempt.pathChanged(A, CloudPathMove.REFUSED_OVER_UDP, now);
        assertThat(sent(attempt)).isEmpty();
    }

    /**
     * A node's path changes while its request is outstanding when it refused the viewer over UDP
     * (its ERROR RATE_LIMITED moved the path to TCP and went no further) or when TCP to it failed:
     * it is asked again on the new path, and the next node at once as well, as after a
     * RATE_LIMITED answer, not only when the node timer runs out (§5.4).
     */
    @Test
    void aChangedPathToANodeWithARequestOutstandingHasTheNextNodeAskedAtOnceToo() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B, C), new SplittableRandom(4), now, now + 10_000);
        List<Sent> first = sent(attempt);
        // not asked yet: nothing to repeat, nobody else to ask
        attempt.pathChanged(B, CloudPathMove.REFUSED_OVER_UDP, now);
        assertThat(sent(attempt)).isEmpty();
        attempt.pathChanged(A, CloudPathMove.REFUSED_OVER_UDP, now + 100);
        List<Sent> again = sent(attempt);
        assertThat(nodesOf(again)).containsExactly(A, B);
        assertThat(again.getFirst()).isEqualTo(first.getFirst());

        attempt.handleMessage(new LookupResult(transaction(first, A), CAMERA.publicKey()), A, now);
        attempt.pollEvent();
        // answered, the key being checked: nothing outstanding
        attempt.pathChanged(A, CloudPathMove.REFUSED_OVER_UDP, now);
        assertThat(sent(attempt)).isEmpty();
    }

    /**
     * A return to UDP follows the node's answer to the UDP probe: its answers are as near as ever,
     * so the outstanding request goes again to it on UDP and the next node is not asked before its
     * timer (decision 0062 left this one extra request; §5.4).
     */
    @Test
    void aReturnToUdpWithARequestOutstandingAsksThatNodeAgainButNotTheNext() {
        long start = now;
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(4), now, now + 10_000);
        List<Sent> first = sent(attempt);
        attempt.pathChanged(A, CloudPathMove.UDP_WORKS_AGAIN, now + 100);
        List<Sent> again = sent(attempt);
        assertThat(nodesOf(again)).as("only A, on its new path").containsExactly(A);
        assertThat(again.getFirst()).isEqualTo(first.getFirst());
        assertThat(nodesOf(runUntil(attempt, start + ConnectThroughNodes.NODE_TIMEOUT_MILLIS - 1)))
                .as("B waits for A's node timer")
                .doesNotContain(B);
        assertThat(nodesOf(runUntil(attempt, start + ConnectThroughNodes.NODE_TIMEOUT_MILLIS)))
                .contains(B);
    }

    @Test
    void aTcpFailureWithARequestOutstandingHasTheNextNodeAskedAtOnceToo() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(4), now, now + 10_000);
        sent(attempt);
        attempt.pathChanged(A, CloudPathMove.TCP_FAILED, now + 100);
        assertThat(nodesOf(sent(attempt))).containsExactly(A, B);
    }

    @Test
    void aNodeThatDoesNotKnowTheCameraIsFollowedAtOnceByTheNext() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B, C), new SplittableRandom(2), now, now + 10_000);
        List<Sent> first = sent(attempt);
        attempt.handleMessage(LookupResult.unavailable(transaction(first, A)), A, now);
        assertThat(attempt.pollEvent()).isNull();
        assertThat(nodesOf(sent(attempt))).containsExactly(B);
    }

    @Test
    void theCameraIsUnavailableOnlyWhenEveryNodeSaysSo() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(3), now, now + 10_000);
        attempt.handleMessage(LookupResult.unavailable(transaction(sent(attempt), A)), A, now);
        attempt.handleMessage(LookupResult.unavailable(transaction(sent(attempt), B)), B, now);
        assertThat(attempt.pollEvent()).isEqualTo(new ConnectAttemptEvent.Unavailable());
        assertThat(attempt.phase()).isEqualTo(Phase.DONE);
    }

    @Test
    void aSilentNodeDelaysOfflineByAtMostTheNodeTimeout() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(9), now, now + 10_000);
        List<Sent> sent = sent(attempt);
        sent.addAll(runUntil(attempt, now + ConnectThroughNodes.NODE_TIMEOUT_MILLIS));
        attempt.handleMessage(LookupResult.unavailable(transaction(sent, B)), B, now);
        long saidNo = now;
        assertThat(attempt.pollEvent()).isNull(); // A may still know it
        assertThat(attempt.nextTimeout()).isLessThanOrEqualTo(saidNo + ConnectThroughNodes.NODE_TIMEOUT_MILLIS);
        runUntil(attempt, saidNo + ConnectThroughNodes.NODE_TIMEOUT_MILLIS);
        assertThat(attempt.pollEvent()).isEqualTo(new ConnectAttemptEvent.Unavailable());
        assertThat(attempt.answeredBy()).isEqualTo(B);
    }

    @Test
    void aLateAnswerFromTheFirstNodeStillCounts() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(4), now, now + 10_000);
        List<Sent> sent = sent(attempt);
        sent.addAll(runUntil(attempt, now + ConnectThroughNodes.NODE_TIMEOUT_MILLIS));
        attempt.handleMessage(new LookupResult(transaction(sent, A), CAMERA.publicKey()), A, now);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.KeyFound.class);
        assertThat(attempt.answeredBy()).isEqualTo(A);
    }

    @Test
    void whenNoNodeAnswersTheAttemptTimesOutAtItsDeadline() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(5), now, now + 6_000);
        sent(attempt);
        long start = now;
        runUntil(attempt, start + 5_999);
        assertThat(attempt.pollEvent()).isNull();
        runUntil(attempt, start + 6_000);
        assertThat(attempt.pollEvent()).isEqualTo(new ConnectAttemptEvent.TimedOut("lookup"));
    }

    @Test
    void aRefusalThroughOneNodeWaitsBrieflyForTheAcceptanceThroughTheOther() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(6), now, now + 10_000);
        attempt.handleMessage(new LookupResult(transaction(sent(attempt), A), CAMERA.publicKey()), A, now);
        attempt.pollEvent();
        attempt.connect(List.of(), HANDSHAKE, now);
        List<Sent> requests = sent(attempt);
        requests.addAll(runUntil(attempt, now + ConnectThroughNodes.NODE_TIMEOUT_MILLIS));
        assertThat(requests).allMatch(s -> s.message() instanceof ConnectRequest);
        assertThat(nodesOf(requests)).contains(A, B);

        // B's forward reached the camera second: it refuses the replayed handshake.
        attempt.handleMessage(
                new ConnectResult(transaction(requests, B), ConnectStatus.REJECTED, List.of(), Bytes.EMPTY), B, now);
        assertThat(attempt.pollEvent()).isNull();
        attempt.handleMessage(
                new ConnectResult(transaction(requests, A), ConnectStatus.ACCEPTED, List.of(), HANDSHAKE), A, now);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.Accepted.class);
        assertThat(attempt.answeredBy()).isEqualTo(A);
    }

    @Test
    void aRefusalIsReportedWhenNoOtherAnswerComesInTime() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A, B), new SplittableRandom(7), now, now + 20_000);
        attempt.handleMessage(new LookupResult(transaction(sent(attempt), A), CAMERA.publicKey()), A, now);
        attempt.pollEvent();
        attempt.connect(List.of(), HANDSHAKE, now);
        List<Sent> requests = sent(attempt);
        requests.addAll(runUntil(attempt, now + ConnectThroughNodes.NODE_TIMEOUT_MILLIS));
        attempt.handleMessage(
                new ConnectResult(transaction(requests, B), ConnectStatus.REJECTED, List.of(), Bytes.EMPTY), B, now);
        long rejectedAt = now;
        runUntil(attempt, rejectedAt + ConnectThroughNodes.NODE_TIMEOUT_MILLIS);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.Rejected.class);
        assertThat(attempt.answeredBy()).isEqualTo(B);
    }

    @Test
    void withOneNodeItSendsExactlyWhatASingleAttemptSends() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A), new SplittableRandom(8), now, now + 8_000);
        ConnectAttempt single = ConnectAttempt.lookUp(CAMERA.id(), new SplittableRandom(8), now, now + 8_000);
        while (single.phase() != Phase.DONE) {
            ConnectThroughNodes.Transmit transmit;
            while ((transmit = attempt.pollTransmit()) != null) {
                assertThat(transmit.node()).isEqualTo(A);
                assertThat(transmit.data()).isEqualTo(single.pollTransmit());
            }
            assertThat(single.pollTransmit()).isNull();
            assertThat(attempt.nextTimeout()).isEqualTo(single.nextTimeout());
            now = single.nextTimeout();
            attempt.handleTimeout(now);
            single.handleTimeout(now);
        }
        assertThat(attempt.pollEvent()).isEqualTo(single.pollEvent());
    }

    @Test
    void aConnectMadeAgainAfterARejectionSendsTheFreshHandshakeUnderNewTransactionsAndIgnoresTheOldOnes() {
        ConnectThroughNodes attempt =
                ConnectThroughNodes.lookUp(CAMERA.id(), List.of(A), new SplittableRandom(3), now, now + 10_000);
        attempt.handleMessage(new LookupResult(transaction(sent(attempt), A), CAMERA.publicKey()), A, now);
        attempt.pollEvent();
        attempt.connect(List.of(), HANDSHAKE, now);
        List<Sent> first = new ArrayList<>(sent(attempt));
        assertThat(attempt.handshakeCopies()).isOne();
        first.addAll(runUntil(attempt, now + 1_000)); // one retransmission
        attempt.pathChanged(A, CloudPathMove.REFUSED_OVER_UDP, now); // and the request again on a new path
        first.addAll(sent(attempt));
        assertThat(first).hasSize(3);
        assertThat(attempt.handshakeCopies()).isEqualTo(3);
        long old = transaction(first, A);
        attempt.handleMessage(new ConnectResult(old, ConnectStatus.REJECTED, List.of(), HANDSHAKE), A, now);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.Rejected.class);

        Bytes fresh = Bytes.of(new byte[] {8, 8, 8});
        attempt.connectAgain(fresh, now);

        List<Sent> again = sent(attempt);
        assertThat(nodesOf(again)).containsExactly(A);
        ConnectRequest request = (ConnectRequest) again.getFirst().message();
        assertThat(request.handshake()).isEqualTo(fresh);
        assertThat(request.transaction()).isNotEqualTo(old);
        assertThat(attempt.handshakeCopies()).isOne();
        assertThat(attempt.phase()).isEqualTo(Phase.CONNECTING);
        attempt.handleMessage(new ConnectResult(old, ConnectStatus.ACCEPTED, List.of(), HANDSHAKE), A, now);
        assertThat(attempt.pollEvent()).as("an answer to the old request").isNull();
        attempt.handleMessage(
                new ConnectResult(request.transaction(), ConnectStatus.ACCEPTED, List.of(), fresh), A, now);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.Accepted.class);
    }
}
