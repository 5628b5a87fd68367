package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class UnprovenRelaySessionsTest {
    private static final InetSocketAddress BUSY_SITE = new InetSocketAddress("192.0.2.66", 40000);
    private static final InetSocketAddress QUIET_SITE = new InetSocketAddress("203.0.113.10", 40000);
    private final UnprovenRelaySessions unproven = new UnprovenRelaySessions();
    private long nextTicket = 1;

    private RelaySession add(InetSocketAddress viewer, InetSocketAddress camera) {
        RelaySession session = new RelaySession(
                nextTicket++,
                CameraId.fromBytes(new byte[CameraId.BYTES]),
                viewer,
                new RelaySession.Side(ClientAddress.udp(camera), Bytes.of(new byte[16]), 0),
                new RelaySession.Side(ClientAddress.udp(viewer), Bytes.of(new byte[16]), 0),
                new RelayBudget(RelayLimits.on(), 0),
                0);
        unproven.add(session, camera);
        return session;
    }

    private static InetSocketAddress viewer(int i) {
        return new InetSocketAddress("100.64.0." + i, 41000);
    }

    @Test
    void theOldestOfTheBusiestCameraSiteIsDisplacedAndANewcomerAsBusyAsItDisplacesItsOwn() {
        RelaySession quiet = add(viewer(1), QUIET_SITE);
        RelaySession busyOldest = add(viewer(2), BUSY_SITE);
        add(viewer(3), BUSY_SITE);
        assertThat(unproven.oldestOfBusiestSite(QUIET_SITE)).isSameAs(busyOldest);
        assertThat(unproven.oldestOfBusiestSite(BUSY_SITE)).isSameAs(busyOldest);

        unproven.remove(busyOldest.ticket);
        assertThat(unproven.oldestOfBusiestSite(QUIET_SITE))
                .as("both sites hold one: the newcomer's own is as busy")
                .isSameAs(quiet);
        RelaySession elsewhere = unproven.oldestOfBusiestSite(new InetSocketAddress("198.51.100.1", 1));
        assertThat(elsewhere).as("a site that reached one first").isSameAs(quiet);
    }

    @Test
    void aCameraSiteIsAnIpv6Slash48() {
        RelaySession first = add(viewer(1), new InetSocketAddress("2001:db8:1:1::1", 40000));
        add(viewer(2), new InetSocketAddress("2001:db8:1:ff00::1", 40000));
        add(viewer(3), QUIET_SITE);
        assertThat(unproven.oldestOfBusiestSite(QUIET_SITE))
                .as("two /64s of one /48 hold two")
                .isSameAs(first);
    }

    @Test
    void theOldestOfAViewersPartyAtEachLevelAndNothingOnceAllAreGone() {
        RelaySession a = add(new InetSocketAddress("2001:db8:5:100::1", 1), QUIET_SITE);
        RelaySession b = add(new InetSocketAddress("2001:db8:5:101::1", 1), QUIET_SITE);
        assertThat(unproven.oldestOfViewerParty(b.countedViewer, 0)).isSameAs(b);
        assertThat(unproven.oldestOfViewerParty(b.countedViewer, 1))
                .as("one /56")
                .isSameAs(a);
        assertThat(unproven.remove(a.ticket)).isTrue();
        assertThat(unproven.remove(a.ticket)).as("already gone").isFalse();
        assertThat(unproven.oldestOfViewerParty(b.countedViewer, 2)).isSameAs(b);
        unproven.remove(b.ticket);
        assertThat(unproven.isEmpty()).isTrue();
        assertThat(unproven.oldestOfBusiestSite(QUIET_SITE)).isNull();
        assertThat(unproven.oldestOfViewerParty(b.countedViewer, 0)).isNull();
    }
}
