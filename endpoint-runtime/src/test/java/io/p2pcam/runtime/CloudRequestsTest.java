package io.p2pcam.runtime;

import static io.p2pcam.runtime.CloudPathTcpFailureTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraId;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloudRequestsTest {
    private final CloudRequests requests = new CloudRequests();

    @Test
    void aReplyCountsOnlyUnderTheTransactionOfARequestSent() {
        assertThat(requests.sent(request(0x0102030405060708L))).isTrue();
        assertThat(answers(LookupResult.unavailable(0x0102030405060708L))).isTrue();
        assertThat(answers(new ErrorReply(0x0102030405060708L, ErrorCode.RATE_LIMITED)))
                .isTrue();
        assertThat(answers(LookupResult.unavailable(0x0102030405060709L))).isFalse();
        assertThat(answers(LookupResult.unavailable(0))).isFalse();
    }

    @Test
    void whatTheCloudDoesNotAnswerIsNoRequest() {
        byte[] answer = CloudCodec.encode(new ConnectAnswer(
                5,
                CameraId.fromBytes(new byte[CameraId.BYTES]),
                Bytes.of(new byte[CloudCodec.TOKEN_BYTES]),
                false,
                List.of(),
                Bytes.of(new byte[0])));
        assertThat(requests.sent(answer)).as("CONNECT_ANSWER").isFalse();
        assertThat(requests.sent(new byte[] {1, 2, 3}))
                .as("not a cloud message")
                .isFalse();
        assertThat(answers(LookupResult.unavailable(5))).isFalse();
    }

    @Test
    void garbageAndShortDatagramsAnswerNothing() {
        requests.sent(request(0));
        assertThat(requests.answers(new byte[0], 0)).isFalse();
        assertThat(requests.answers(new byte[12], 12)).as("no magic").isFalse();
        byte[] answer = CloudCodec.encode(LookupResult.unavailable(0));
        assertThat(requests.answers(answer, 11)).as("shorter than a header").isFalse();
    }

    @Test
    void onlyTheNewestRequestsAreRemembered() {
        for (long transaction = 1; transaction <= CloudRequests.REMEMBERED + 1; transaction++) {
            requests.sent(request(transaction));
            requests.sent(request(transaction)); // a retransmission takes no second place
        }
        assertThat(answers(LookupResult.unavailable(1)))
                .as("the oldest, forgotten")
                .isFalse();
        assertThat(answers(LookupResult.unavailable(2))).isTrue();
        assertThat(answers(LookupResult.unavailable(CloudRequests.REMEMBERED + 1)))
                .isTrue();
    }

    private boolean answers(CloudMessage message) {
        byte[] data = CloudCodec.encode(message);
        return requests.answers(data, data.length);
    }
}
