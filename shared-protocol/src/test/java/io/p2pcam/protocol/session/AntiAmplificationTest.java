package io.p2pcam.protocol.session;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class AntiAmplificationTest {
    private static final InetSocketAddress LEARNT = address("192.0.2.66", 6666);

    private final AntiAmplification limit = new AntiAmplification();

    @Test
    void anUnvalidatedAddressGetsThreeTimesWhatItSentAndNoMore() {
        limit.received(LEARNT, 40);
        assertThat(limit.trySend(LEARNT, 39)).isTrue();
        assertThat(limit.trySend(LEARNT, 39)).isTrue();
        assertThat(limit.trySend(LEARNT, 39)).isTrue();
        assertThat(limit.trySend(LEARNT, 39)).as("117 + 39 > 120").isFalse();
        limit.received(LEARNT, 20);
        assertThat(limit.trySend(LEARNT, 39)).isTrue();
    }

    @Test
    void anAddressNeverHeardFromGetsNothing() {
        assertThat(limit.tracks(LEARNT)).isFalse();
        assertThat(limit.trySend(LEARNT, 1)).isFalse();
    }

    @Test
    void aValidatedAddressIsNoLongerTracked() {
        limit.received(LEARNT, 40);
        limit.validated(LEARNT);
        assertThat(limit.tracks(LEARNT)).isFalse();
    }

    @Test
    void theLeastRecentlySeenAddressIsForgottenBeyondTheBound() {
        limit.received(LEARNT, 40);
        for (int i = 0; i < AntiAmplification.MAX_TRACKED; i++) {
            limit.received(address("198.18.1." + (i + 1), 40000), 40);
        }
        assertThat(limit.tracks(LEARNT)).isFalse();
        assertThat(limit.trySend(LEARNT, 1)).isFalse();
        assertThat(limit.tracks(address("198.18.1.1", 40000))).isTrue();
    }
}
