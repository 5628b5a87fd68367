package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Somebody who saw a paired viewer's CONNECT_REQUEST on the wire replays it byte for byte from the
 * viewer's address (docs/PROTOCOL.md §5.3, "Idempotence" and step 2): to the cloud each copy is a
 * retransmission of the passed request. While the camera has not answered, what the copies cause
 * past the camera's cap is charged to the pass (at most {@link VerifiedPass#RESENDS} forwards
 * beyond the first); once it has, they are answered from the kept result and cause nothing.
 */
class PassReplayTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("198.18.0.10", 32101)));
    private static final InetSocketAddress VIEWER = address("198.51.100.99", 41000);
    /** 100 copies, one every 49 ms: inside the connect timeout (5 s) and the source's request rate. */
    private static final int REPLAYS = 100;

    private static final long REPLAY_INTERVAL_MILLIS = 49;

    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final SimulatedCamera camera = new SimulatedCamera(network, address("198.51.100.20", 40001), LAN);
    private int strangers;

    @Test
    void aHundredReplaysOfAPassedRequestTheCameraLeavesUnansweredGetPastItsCapOnlyThePassesResends() {
        camera.acceptForwards = null;
        spendTheCameraCap();
        byte[] paired = pairedRequest();
        network.sendToCloud(VIEWER, paired);
        long forwardId = forwardIdSentLast();

        for (int i = 0; i < REPLAYS; i++) {
            network.advance(REPLAY_INTERVAL_MILLIS);
            spendTheCameraCap(); // any forward of the copy now is one the camera's cap did not allow
            network.sendToCloud(VIEWER, paired);
        }

        assertThat(forwardsOf(forwardId) - 1)
                .as("forwards past the spent camera cap caused by %d byte-for-byte copies", REPLAYS)
                .isEqualTo(VerifiedPass.RESENDS);
    }

    @Test
    void aHundredReplaysOfAnAnsweredPassedRequestGetTheKeptResultAndNoForward() {
        camera.acceptForwards = true;
        byte[] paired = pairedRequest();
        network.sendToCloud(VIEWER, paired);
        long forwardId = forwardIdSentLast();
        int resultsBefore = resultsToViewer();

        for (int i = 0; i < REPLAYS / 2; i++) { // the result is kept for 5 s: 50 copies in 2.5 s
            network.advance(REPLAY_INTERVAL_MILLIS);
            network.sendToCloud(VIEWER, paired);
        }

        assertThat(forwardsOf(forwardId)).as("forwards of the answered request").isEqualTo(1);
        assertThat(resultsToViewer() - resultsBefore)
                .as("the kept result sent again")
                .isEqualTo(REPLAYS / 2);
    }

    /**
     * Somebody on the path sends {@link VerifiedPass#RESENDS} copies at once, just after the
     * request; the camera's forwards of that moment are lost (one burst of loss, or a camera
     * briefly away) and strangers keep its cap spent. What the honest viewer keeps: its own
     * retransmissions within the connect timeout, each sent at the earliest its backoff allows
     * (§5.4: 500 ms, 1 s, 2 s, each -10 %), must still reach the camera, or it never connects.
     */
    @Test
    void copiesSentAtOnceLeaveTheViewersOwnRetransmissionsTheirForwards() {
        camera.acceptForwards = null;
        spendTheCameraCap();
        byte[] paired = pairedRequest();
        network.sendToCloud(VIEWER, paired);
        long forwardId = forwardIdSentLast();
        network.advance(10);
        for (int i = 0; i < VerifiedPass.RESENDS; i++) {
            network.sendToCloud(VIEWER, paired);
        }

        int forwarded = 0;
        long sentAt = network.now - 10;
        for (long earliest : new long[] {450, 1_350, 3_150}) { // the retransmissions inside the 5 s timeout
            network.advance(sentAt + earliest - network.now);
            spendTheCameraCap();
            long before = forwardsOf(forwardId);
            network.sendToCloud(VIEWER, paired);
            forwarded += (int) (forwardsOf(forwardId) - before);
        }

        assertThat(forwarded)
                .as("forwards to the camera of the viewer's 3 retransmissions after 4 copies sent at once")
                .isEqualTo(3);
    }

    /** The paired viewer's request, as it went over the wire, with a handshake stamped now. */
    private byte[] pairedRequest() {
        ConnectRequest request = PassedRequests.request(
                camera.identity.id(), 1, network.now, PassedRequests.passOf(network.resumption, camera.identity.id()));
        return CloudCodec.encode(request);
    }

    /** The ID of the forward the cloud sent the camera last (the paired request's, just sent). */
    private long forwardIdSentLast() {
        return network.sentByCloud.reversed().stream()
                .filter(d -> d.to().equals(camera.address) && d.message() instanceof ConnectForward)
                .map(d -> ((ConnectForward) d.message()).transaction())
                .findFirst()
                .orElseThrow();
    }

    private long forwardsOf(long forwardId) {
        return network.sentByCloud.stream()
                .filter(d -> d.to().equals(camera.address)
                        && d.message() instanceof ConnectForward f
                        && f.transaction() == forwardId)
                .count();
    }

    private int resultsToViewer() {
        return (int) network.sentByCloud.stream()
                .filter(d -> d.to().equals(VIEWER) && d.message() instanceof ConnectResult)
                .count();
    }

    /** Strangers, each from an address of its own, take the camera's cap until one is refused. */
    private void spendTheCameraCap() {
        int capped = network.events.drops(DropReason.CAMERA_CONNECT_CAP);
        while (network.events.drops(DropReason.CAMERA_CONNECT_CAP) == capped) {
            int n = strangers++;
            ConnectRequest stranger = PassedRequests.request(camera.identity.id(), 1_000 + n, network.now, null);
            network.sendToCloud(address("10.%d.%d.1".formatted(n / 250, n % 250), 43000), CloudCodec.encode(stranger));
        }
    }
}
