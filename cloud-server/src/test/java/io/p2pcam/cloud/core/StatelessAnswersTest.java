package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The answers written in place are the codec's, byte for byte: the wire did not change (PROTOCOL.md §3.10). */
class StatelessAnswersTest {
    private static final long[] EDGE_TRANSACTIONS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, 0x0102030405060708L};

    @Test
    void anUnavailableLookupResultIsTheGoldenHexOfTheProtocol() {
        assertThat(HexFormat.of().formatHex(StatelessAnswers.lookupUnavailable(0x0102030405060708L)))
                .isEqualTo("504301110102030405060708" + "01");
    }

    @Test
    void everyStatelessAnswerIsWhatTheCodecEncodes() {
        CameraPublicKey key = CameraIdentity.generate(new SecureRandom()).publicKey();
        SplittableRandom random = new SplittableRandom(13);
        for (int i = 0; i < 10_000; i++) {
            long transaction = i < EDGE_TRANSACTIONS.length ? EDGE_TRANSACTIONS[i] : random.nextLong();
            int keepaliveMillis = i < EDGE_TRANSACTIONS.length ? (int) EDGE_TRANSACTIONS[i] : random.nextInt();

            assertThat(StatelessAnswers.lookupUnavailable(transaction))
                    .isEqualTo(CloudCodec.encode(LookupResult.unavailable(transaction)));
            byte[] found = StatelessAnswers.lookupFoundWithoutKey(transaction);
            System.arraycopy(key.toBytes(), 0, found, StatelessAnswers.LOOKUP_KEY_OFFSET, CameraPublicKey.BYTES);
            assertThat(found).isEqualTo(CloudCodec.encode(new LookupResult(transaction, key)));
            assertThat(StatelessAnswers.keepaliveAck(transaction, keepaliveMillis))
                    .isEqualTo(CloudCodec.encode(new KeepaliveAck(transaction, keepaliveMillis)));
            for (ErrorCode code : ErrorCode.values()) {
                assertThat(StatelessAnswers.error(transaction, code))
                        .isEqualTo(CloudCodec.encode(new ErrorReply(transaction, code)));
            }
        }
    }
}
