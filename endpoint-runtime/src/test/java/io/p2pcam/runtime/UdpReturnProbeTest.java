package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A client on TCP asks over UDP, now and then, whether the cloud answers there again (PROTOCOL.md §3.1). */
class UdpReturnProbeTest {
    private final UdpReturnProbe probe = new UdpReturnProbe(new SplittableRandom(1));

    private static byte[] answerTo(byte[] lookup) throws Exception {
        return CloudCodec.encode(
                LookupResult.unavailable(CloudCodec.decode(lookup).transaction()));
    }

    @Test
    void onUdpThereIsNoProbe() {
        assertThat(probe.due(1_000_000)).isNull();
    }

    @Test
    void aLookupGoesOnceAnIntervalOnTcpAndOnlyItsAnswerCounts() throws Exception {
        probe.start(0);
        assertThat(probe.due(UdpReturnProbe.INTERVAL_MILLIS - 1)).isNull();
        byte[] lookup = probe.due(UdpReturnProbe.INTERVAL_MILLIS);
        assertThat(CloudCodec.decode(lookup)).isInstanceOf(Lookup.class);
        assertThat(probe.due(UdpReturnProbe.INTERVAL_MILLIS + 1))
                .as("one per interval")
                .isNull();

        byte[] late = CloudCodec.encode(LookupResult.unavailable(12345)); // an answer to something sent on UDP before
        assertThat(probe.isAnswer(late, 0, late.length)).isFalse();
        assertThat(probe.isAnswer(new byte[] {1, 2, 3}, 0, 3)).isFalse();
        assertThat(probe.answered()).isFalse();

        byte[] answer = answerTo(lookup);
        assertThat(probe.isAnswer(answer, 0, answer.length)).isTrue();
        assertThat(probe.answered()).isTrue();
        assertThat(probe.isAnswer(answer, 0, answer.length))
                .as("a duplicate is the endpoint's problem")
                .isFalse();
    }

    @Test
    void eachProbeHasItsOwnTransactionAndAnAnswerToAnOlderOneIsNotTakenAsNew() throws Exception {
        probe.start(0);
        byte[] first = probe.due(UdpReturnProbe.INTERVAL_MILLIS);
        byte[] second = probe.due(2 * UdpReturnProbe.INTERVAL_MILLIS);
        assertThat(CloudCodec.decode(second).transaction())
                .isNotEqualTo(CloudCodec.decode(first).transaction());
        byte[] old = answerTo(first);
        assertThat(probe.isAnswer(old, 0, old.length)).isFalse();
        byte[] answer = answerTo(second);
        assertThat(probe.isAnswer(answer, 0, answer.length)).isTrue();
    }

    @Test
    void relayFramesHoldTheProbeOffSoThatALiveRelayedStreamIsNotMoved() {
        probe.start(0);
        probe.relaySent(UdpReturnProbe.INTERVAL_MILLIS - 1_000);
        assertThat(probe.due(UdpReturnProbe.INTERVAL_MILLIS)).isNull();
        long quiet = UdpReturnProbe.INTERVAL_MILLIS - 1_000 + UdpReturnProbe.RELAY_QUIET_MILLIS;
        assertThat(probe.due(quiet)).as("the next one is an interval later").isNull();
        assertThat(probe.due(2 * UdpReturnProbe.INTERVAL_MILLIS)).isNotNull();
    }

    @Test
    void backOnUdpTheProbeStopsAndItsAnswerIsNoLongerAwaited() throws Exception {
        probe.start(0);
        byte[] lookup = probe.due(UdpReturnProbe.INTERVAL_MILLIS);
        probe.stop();
        byte[] answer = answerTo(lookup);
        assertThat(probe.isAnswer(answer, 0, answer.length)).isFalse();
        assertThat(probe.due(10 * UdpReturnProbe.INTERVAL_MILLIS)).isNull();
    }
}
