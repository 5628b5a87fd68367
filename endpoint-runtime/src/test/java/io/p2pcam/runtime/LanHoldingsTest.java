package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the browser's listeners hear as JmDNS resolves and removes instances. */
class LanHoldingsTest {
    private static final InetAddress FORGER = InetAddress.ofLiteral("198.18.0.11");
    private static final InetAddress CAMERA = InetAddress.ofLiteral("198.18.0.3");
    /** The browsing host's subnets: the LAN the camera and forger are on, and its loopback. */
    private static final LanLink THE_LAN = new LanLink(List.of(
            new LanLink.Prefix(InetAddress.ofLiteral("198.18.0.2"), 24),
            new LanLink.Prefix(InetAddress.ofLiteral("127.0.0.1"), 8)));

    private final LanFinds finds = new LanFinds(id -> false);
    private final LanHosts hosts = new LanHosts();
    private final LanHoldings<String> holdings =
            new LanHoldings<>(finds, new LanResolutions<>(), hosts, new LanHeldKeys(), THE_LAN::onLink);

    private static LanAnnouncement announcement(String name) {
        return new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), name, 40_000);
    }

    @Test
    void aCameraHeldIsListedAndAnEmptyTxtRecordBeforeItsOwnKeepsItListed() {
        LanAnnouncement porch = announcement("Porch");

        LanHoldings.Heard heard = holdings.resolved("Porch", porch, false, List.of(CAMERA), "porch.local.", CAMERA);

        assertThat(heard.cameras()).extracting(LanBrowser.Found::id).containsExactly(porch.id());
        assertThat(heard.ignored()).as("nothing ignored").isEqualTo(-1);
        assertThat(hosts.instancesOn("porch.local.")).containsExactly("Porch");
        assertThat(holdings.resolved("Porch", null, true, List.of(CAMERA), "porch.local.", CAMERA))
                .isEqualTo(LanHoldings.Heard.NOTHING);
        assertThat(finds.holds("Porch")).isTrue();

        assertThat(holdings.removed("Porch")).as("its goodbye").isEmpty();
        assertThat(holdings.removed("Porch")).as("nothing left to change").isNull();
        assertThat(hosts.instancesOn("porch.local.")).isEmpty();
    }

    @Test
    void announcementsRefusedForWantOfRoomAreCountedNotListed() {
        for (int i = 0; i < LanFinds.MAX_PER_SOURCE; i++) {
            holdings.resolved("Forged " + i, announcement("Forged " + i), false, List.of(FORGER), "f.local.", FORGER);
        }

        LanHoldings.Heard heard = holdings.resolved(
                "Forged more", announcement("Forged more"), false, List.of(FORGER), "f.local.", FORGER);

        assertThat(heard.cameras()).as("the list unchanged").isNull();
        assertThat(heard.ignored()).isEqualTo(1);
        assertThat(finds.cameras()).hasSize(LanFinds.MAX_PER_SOURCE);
    }

    /**
     * RFC 6762 §11: an announcement whose sender is off the link (routed, or a spoofed source
     * outside the LAN's subnet) is not listed, and counted with those ignored; a held camera's
     * records resent from off the link let it go. The host's own, from its loopback, is listed.
     */
    @Test
    void anAnnouncementSentFromOffTheLinkIsCountedNotListed() {
        InetAddress offLink = InetAddress.ofLiteral("198.51.100.7");

        LanHoldings.Heard heard =
                holdings.resolved("Far", announcement("Far"), false, List.of(CAMERA), "far.local.", offLink);

        assertThat(heard.cameras()).as("the list unchanged").isNull();
        assertThat(heard.ignored()).isEqualTo(1);
        assertThat(finds.holds("Far")).isFalse();
        assertThat(holdings.onLink(offLink)).isFalse();
        assertThat(holdings.droppedOffLink())
                .as("a PTR record dropped as it came in")
                .isEqualTo(2);

        LanAnnouncement own = announcement("Own");
        assertThat(holdings.resolved("Own", own, false, List.of(CAMERA), "own.local.", InetAddress.getLoopbackAddress())
                        .cameras())
                .extracting(LanBrowser.Found::id)
                .containsExactly(own.id());
    }

    /** A camera's claim that waited for a round of tries is held with its host, its claim failed let go. */
    @Test
    void aClaimThatWaitedIsHeldWithItsHostWhenTheRoundOfTriesEnds() {
        LanAnnouncement porch = announcement("Porch");
        LanFinds looking = new LanFinds(porch.id()::equals);
        LanHosts hostsSeen = new LanHosts();
        LanHoldings<String> browsing =
                new LanHoldings<>(looking, new LanResolutions<>(), hostsSeen, new LanHeldKeys(), THE_LAN::onLink);
        for (int i = 0; i <= LanFinds.MAX_PER_WANTED_ID; i++) { // from more addresses than the ID has places
            InetAddress forger = InetAddress.ofLiteral("198.18.0." + (20 + i));
            browsing.resolved("Claim " + i, porch, false, List.of(forger), "f" + i + ".local.", forger);
        }
        browsing.resolved("Porch", porch, false, List.of(CAMERA), "porch.local.", CAMERA);
        assertThat(looking.holds("Porch")).as("refused, waiting").isFalse();

        List<LanBrowser.Found> heard = null;
        for (int i = 0; i < LanFinds.MAX_PER_WANTED_ID; i++) {
            heard = browsing.failed(
                    porch.id(), looking.get(porch.id()).address(), LanBrowser.ConnectFailure.NOT_THE_CAMERA);
        }

        assertThat(heard)
                .as("the list told")
                .extracting(LanBrowser.Found::addresses)
                .containsExactly(List.of(CAMERA));
        assertThat(hostsSeen.instancesOn("porch.local.")).containsExactly("Porch");
        assertThat(looking.instances()).hasSize(LanFinds.MAX_PER_WANTED_ID).contains("Porch");
    }
}
