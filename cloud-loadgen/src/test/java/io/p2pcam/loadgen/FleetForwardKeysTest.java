package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.ForwardTag;
import io.p2pcam.protocol.cloud.RelayGrant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated cameras take the forwards a real camera takes (ForwardTagTest has the camera's side). */
class FleetForwardKeysTest {
    private static final Bytes TOKEN = Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    private static final Bytes OTHER_TOKEN =
            Bytes.of(new byte[] {2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
    private static final ConnectForward UNTAGGED =
            new ConnectForward(7, List.of(), Bytes.of(new byte[] {9, 9, 9}), RelayGrant.NONE, Bytes.EMPTY);

    private final FleetForwardKeys keys = new FleetForwardKeys(3);

    @Test
    void aCameraTakesOnlyForwardsTaggedUnderItsOwnRegistration() {
        ConnectForward tagged = ForwardTag.seal(UNTAGGED, ForwardTag.key(TOKEN));
        assertThat(keys.authenticates(1, tagged, 0)).as("not registered yet").isFalse();

        keys.registered(1, TOKEN, 0);

        assertThat(keys.authenticates(1, tagged, 10)).isTrue();
        assertThat(keys.authenticates(1, UNTAGGED, 10)).as("untagged").isFalse();
        assertThat(keys.authenticates(1, ForwardTag.seal(UNTAGGED, ForwardTag.key(OTHER_TOKEN)), 10))
                .as("tagged under another registration")
                .isFalse();
        assertThat(keys.authenticates(2, tagged, 10)).as("another camera").isFalse();
    }

    @Test
    void theMeasuredTagIsCheckedNotJustItsPresence() {
        keys.registered(0, TOKEN, 0);
        byte[] tag = ForwardTag.seal(UNTAGGED, ForwardTag.key(TOKEN)).tag().toArray();
        tag[ForwardTag.TAG_BYTES - 1] ^= 1;
        ConnectForward misTagged =
                new ConnectForward(7, List.of(), UNTAGGED.handshake(), RelayGrant.NONE, Bytes.of(tag));

        assertThat(keys.authenticates(0, misTagged, 10)).isFalse();
    }

    @Test
    void thePreviousRegistrationsForwardsAreTakenForFiveSecondsAfterTheNewOne() {
        ConnectForward underOld = ForwardTag.seal(UNTAGGED, ForwardTag.key(TOKEN));
        ConnectForward underNew = ForwardTag.seal(UNTAGGED, ForwardTag.key(OTHER_TOKEN));
        keys.registered(0, TOKEN, 1_000);
        keys.registered(0, TOKEN, 2_000); // the same registration again: nothing changes
        assertThat(keys.authenticates(0, underOld, 2_000)).isTrue();
        assertThat(keys.authenticates(0, underNew, 2_000)).isFalse();

        keys.registered(0, OTHER_TOKEN, 10_000);

        assertThat(keys.authenticates(0, underNew, 10_000)).isTrue();
        assertThat(keys.authenticates(0, underOld, 14_999))
                .as("still on its way")
                .isTrue();
        assertThat(keys.authenticates(0, underOld, 15_000))
                .as("answered UNAVAILABLE by now")
                .isFalse();
        assertThat(keys.authenticates(0, underNew, 60_000)).isTrue();
    }
}
