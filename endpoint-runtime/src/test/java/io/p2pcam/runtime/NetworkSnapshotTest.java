package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkSnapshotTest {
    private static final long SECOND_NANOS = 1_000_000_000L;

    private static NetworkSnapshot at(long wallMillis, long monotonicNanos, String... addresses) {
        return new NetworkSnapshot(Set.of(addresses), wallMillis, monotonicNanos);
    }

    @Test
    void theSameAddressesTwoSecondsLaterAreNoChange() {
        NetworkSnapshot before = at(1_000_000, 5 * SECOND_NANOS, "eth0/192.168.1.20", "eth0/fe80::1%eth0");
        NetworkSnapshot after = at(1_002_000, 7 * SECOND_NANOS, "eth0/fe80::1%eth0", "eth0/192.168.1.20");

        assertThat(after.changeSince(before)).isEmpty();
    }

    @Test
    void anAddressThatAppearsIsAChange() {
        NetworkSnapshot offline = at(1_000_000, 5 * SECOND_NANOS);
        NetworkSnapshot wifiJoined = at(1_002_000, 7 * SECOND_NANOS, "wlan0/10.0.0.7");

        assertThat(wifiJoined.changeSince(offline)).hasValue("new addresses [wlan0/10.0.0.7]");
    }

    @Test
    void aVpnComingUpBesideTheLanIsAChange() {
        NetworkSnapshot lan = at(1_000_000, 5 * SECOND_NANOS, "eth0/192.168.1.20");
        NetworkSnapshot vpn = at(1_002_000, 7 * SECOND_NANOS, "eth0/192.168.1.20", "wg0/10.8.0.2");

        assertThat(vpn.changeSince(lan)).hasValue("new addresses [wg0/10.8.0.2]");
    }

    @Test
    void anAddressChangedByDhcpIsAChange() {
        NetworkSnapshot before = at(1_000_000, 5 * SECOND_NANOS, "eth0/192.168.1.20");
        NetworkSnapshot after = at(1_002_000, 7 * SECOND_NANOS, "eth0/192.168.1.31");

        assertThat(after.changeSince(before)).hasValue("new addresses [eth0/192.168.1.31]");
    }

    @Test
    void addressesThatOnlyGoAwayAreNoChange() {
        NetworkSnapshot plugged = at(1_000_000, 5 * SECOND_NANOS, "eth0/192.168.1.20", "wlan0/10.0.0.7");
        NetworkSnapshot unplugged = at(1_002_000, 7 * SECOND_NANOS, "wlan0/10.0.0.7");

        assertThat(unplugged.changeSince(plugged))
                .as("nothing that failed can succeed with less network")
                .isEmpty();
    }

    @Test
    void aWallClockThatRanAheadOfTheMonotonicClockIsAResumeFromSleep() {
        NetworkSnapshot beforeSleep = at(1_000_000, 5 * SECOND_NANOS, "wlan0/10.0.0.7");
        // Ten minutes asleep: the wall clock moved 600 s, the monotonic clock 2 s (the poll's period).
        NetworkSnapshot resumed = at(1_602_000, 7 * SECOND_NANOS, "wlan0/10.0.0.7");

        assertThat(resumed.changeSince(beforeSleep)).hasValue("resumed after about 600 s asleep");
    }

    @Test
    void aWallClockStepWithinTheJumpAllowedIsNoChange() {
        NetworkSnapshot before = at(1_000_000, 5 * SECOND_NANOS, "eth0/192.168.1.20");
        NetworkSnapshot after =
                at(1_000_000 + 2_000 + NetworkSnapshot.RESUME_JUMP_MILLIS, 7 * SECOND_NANOS, "eth0/192.168.1.20");

        assertThat(after.changeSince(before)).isEmpty();
    }

    @Test
    void aWallClockSetBackIsNoChange() {
        NetworkSnapshot before = at(1_000_000, 5 * SECOND_NANOS, "eth0/192.168.1.20");
        NetworkSnapshot after = at(1_000_000 - 3_600_000, 7 * SECOND_NANOS, "eth0/192.168.1.20");

        assertThat(after.changeSince(before)).isEmpty();
    }

    @Test
    void thisComputersNetworkReadTwiceInARowHasNotChanged() {
        NetworkSnapshot first = NetworkWatcher.snapshot();

        assertThat(NetworkWatcher.snapshot().changeSince(first)).isEmpty();
        assertThat(first.addresses()).noneMatch(address -> address.startsWith("lo/"));
    }
}
