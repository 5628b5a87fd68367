package io.p2pcam.protocol.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConnectAttemptTest {
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());
    private final SplittableRandom random = new SplittableRandom(1);
    private long now = 10_000;

    private CloudMessage sent(ConnectAttempt attempt) throws CloudDecodeException {
        return CloudCodec.decode(attempt.pollTransmit());
    }

    @Test
    void aCloudThatHandsOutAnotherCamerasKeyIsCaught() throws Exception {
        ConnectAttempt attempt = ConnectAttempt.lookUp(camera.id(), random, now, now + 5_000);
        Lookup lookup = (Lookup) sent(attempt);
        CameraIdentity impostor = CameraIdentity.generate(new SecureRandom());
        attempt.handleMessage(new LookupResult(lookup.transaction(), impostor.publicKey()), now);
        assertThat(attempt.pollEvent()).isEqualTo(new ConnectAttemptEvent.KeyMismatch(impostor.publicKey()));
        assertThat(attempt.phase()).isEqualTo(ConnectAttempt.Phase.DONE);
        assertThat(attempt.pollTransmit()).isNull(); // no CONNECT_REQUEST goes to an impostor
    }

    @Test
    void aMatchingKeyLeadsToTheConnectRequestWithTheHandshake() throws Exception {
        ConnectAttempt attempt = ConnectAttempt.lookUp(camera.id(), random, now, now + 5_000);
        Lookup lookup = (Lookup) sent(attempt);
        attempt.handleMessage(new LookupResult(lookup.transaction(), camera.publicKey()), now);
        assertThat(attempt.pollEvent()).isEqualTo(new ConnectAttemptEvent.KeyFound(camera.publicKey()));
        attempt.connect(List.of(), Bytes.of(new byte[] {1, 2, 3}), now);
        ConnectRequest request = (ConnectRequest) sent(attempt);
        assertThat(request.id()).isEqualTo(camera.id());
        assertThat(request.handshake()).isEqualTo(Bytes.of(new byte[] {1, 2, 3}));
        attempt.handleMessage(
                new ConnectResult(request.transaction(), ConnectStatus.ACCEPTED, List.of(), Bytes.EMPTY), now);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.Accepted.class);
    }

    @Test
    void repliesToOtherTransactionsAreIgnored() throws Exception {
        ConnectAttempt attempt = ConnectAttempt.lookUp(camera.id(), random, now, now + 5_000);
        Lookup lookup = (Lookup) sent(attempt);
        attempt.handleMessage(LookupResult.unavailable(lookup.transaction() + 1), now);
        assertThat(attempt.pollEvent()).isNull();
        assertThat(attempt.phase()).isEqualTo(ConnectAttempt.Phase.LOOKING_UP);
    }

    @Test
    void retransmitsWithGrowingGapsAndGivesUpAtTheDeadline() {
        ConnectAttempt attempt = ConnectAttempt.lookUp(camera.id(), random, now, now + 5_000);
        List<Long> sendTimes = new ArrayList<>();
        while (attempt.phase() != ConnectAttempt.Phase.DONE) {
            while (attempt.pollTransmit() != null) {
                sendTimes.add(now);
            }
            now = attempt.nextTimeout();
            attempt.handleTimeout(now);
        }
        assertThat(sendTimes).hasSizeBetween(4, 6);
        assertThat(sendTimes.get(2) - sendTimes.get(1)).isGreaterThan(sendTimes.get(1) - sendTimes.get(0));
        assertThat(attempt.pollEvent()).isEqualTo(new ConnectAttemptEvent.TimedOut("lookup"));
    }

    @Test
    void aRateLimitedViewerIsToldSo() throws Exception {
        ConnectAttempt attempt = ConnectAttempt.lookUp(camera.id(), random, now, now + 5_000);
        attempt.handleMessage(new ErrorReply(sent(attempt).transaction(), ErrorCode.RATE_LIMITED), now);
        assertThat(attempt.pollEvent()).isInstanceOf(ConnectAttemptEvent.RateLimited.class);
    }
}
