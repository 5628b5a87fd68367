package io.p2pcam.runtime;

import static io.p2pcam.runtime.LanFindsFixture.announce;
import static io.p2pcam.runtime.LanFindsFixture.camera;
import static io.p2pcam.runtime.LanFindsFixture.found;
import static io.p2pcam.runtime.LanFindsFixture.stranger;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.lan.LanAnnouncement;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * How the places of a camera the viewer looks for are shared when its ID is claimed from several
 * source addresses (decisions 0063, 0072): per source, and a newcomer's place for an address
 * holding none of them.
 */
class LanClaimSharesTest {
    private final LanFindsFixture fixture = new LanFindsFixture();

    @Test
    void aCameraLookedForThatAnnouncesAfterAForgersClaimsFillItsRoomIsTriedFirst() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()), fixture.clock::get);
        InetAddress forger = InetAddress.getByName("192.0.2.66");
        for (int i = 0; i < LanFinds.MAX_PER_WANTED_ID; i++) { // before the camera (it restarted)
            LanBrowser.Found claim = found(new LanAnnouncement(porch.id(), "Porch", 40_001 + i), "192.0.2.66");
            looking.announced("Porch (" + i + ")", claim, forger);
        }

        assertThat(announce(looking, "Porch", porch)).as("held").isTrue();

        assertThat(looking.takeEvicted())
                .as("in the place of the newest claim of the address holding the most")
                .containsExactly("Porch (" + (LanFinds.MAX_PER_WANTED_ID - 1) + ")");
        assertThat(fixture.attemptsUntilConnected(looking, porch.id(), porch.address(), 10))
                .as("attempts until the camera's own address")
                .isEqualTo(1);
        looking.announced("Porch (again)", found(porch.announcement(), "192.0.2.66"), forger);
        assertThat(looking.holds("Porch (again)"))
                .as("the forger's address holds more than its share already")
                .isFalse();
    }

    @Test
    void claimsOfACameraLookedForFromOneAddressGiveWayToClaimsFromOthersButNeverTheLastOfAnAddress() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()), fixture.clock::get);
        InetAddress forger = InetAddress.getByName("192.0.2.66");
        for (int i = 0; i < LanFinds.MAX_PER_WANTED_ID; i++) {
            looking.announced("Forged (" + i + ")", found(porch.announcement(), "192.0.2.66"), forger);
        }
        announce(looking, "Porch", porch);

        for (int i = 0; i < 64; i++) { // the forger moves to new addresses
            announce(looking, "Moved (" + i + ")", found(porch.announcement(), stranger(i)));
        }

        assertThat(looking.holds("Porch"))
                .as("one of its address, never let go for another's")
                .isTrue();
        assertThat(looking.holds("Forged (0)")).isTrue();
        assertThat(looking.instances()).hasSize(LanFinds.MAX_PER_WANTED_ID);
    }
    /**
     * A forger who claims a camera's ID from 4 addresses of his own (spoofed sources) before the
     * camera announces (it restarts, or the viewer starts) used to keep it out until one of his
     * claims was tried and failed: each source held one of the ID's places, none more than its share.
     */
    @Test
    void aCameraLookedForThatAnnouncesAfterClaimsFromFourAddressesTakesAPlaceAtOnceAndIsTriedFirst() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()), fixture.clock::get);
        for (int i = 0; i < LanFinds.MAX_PER_WANTED_ID; i++) { // before the camera, each from its own address
            announce(looking, "Claim (" + i + ")", found(porch.announcement(), "192.0.2." + (66 + i)));
        }

        assertThat(announce(looking, "Porch", porch)).as("held at once").isTrue();

        assertThat(looking.takeEvicted())
                .as("in the place of the newest claim, none of its address left")
                .containsExactly("Claim (" + (LanFinds.MAX_PER_WANTED_ID - 1) + ")");
        // The forger goes on: the claim let go again, and claims from ever new addresses.
        announce(
                looking,
                "Claim (again)",
                found(porch.announcement(), "192.0.2." + (66 + LanFinds.MAX_PER_WANTED_ID - 1)));
        for (int i = 0; i < 64; i++) {
            announce(looking, "Later (" + i + ")", found(porch.announcement(), stranger(i)));
        }
        assertThat(looking.holds("Porch"))
                .as("not pushed out before it is tried")
                .isTrue();
        assertThat(fixture.attemptsUntilConnected(looking, porch.id(), porch.address(), 10))
                .as("attempts until the camera's own address")
                .isEqualTo(1);
    }

    /**
     * Claims refused while the ID's places are held wait, and take the places of those that failed
     * once every held claim was tried (a round), the newest waiting tried first; until then a claim
     * from yet another address does not take a failed claim's place ahead of them.
     */
    @Test
    void claimsThatWaitedTakeTheFailedPlacesWhenTheRoundOfTriesEndsTheNewestTriedFirst() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()), fixture.clock::get);
        for (int i = 0; i <= LanFinds.MAX_PER_WANTED_ID; i++) { // 5 addresses: one more than the ID's places
            announce(looking, "Claim (" + i + ")", found(porch.announcement(), "192.0.2." + (66 + i)));
        }
        assertThat(announce(looking, "Porch", porch))
                .as("the newcomer's place taken, untried")
                .isFalse();
        LanBrowser.Found newcomer = looking.get(porch.id());
        assertThat(newcomer.address().getAddress().getHostAddress())
                .isEqualTo("192.0.2." + (66 + LanFinds.MAX_PER_WANTED_ID));

        looking.failed(porch.id(), newcomer.address(), LanBrowser.ConnectFailure.NO_ANSWER);
        assertThat(announce(looking, "Later", found(porch.announcement(), "192.0.2.99")))
                .as("a claim from yet another address, while the camera's waits")
                .isFalse();
        assertThat(looking.holds("Porch")).as("the round goes on").isFalse();
        for (int i = 0; i < LanFinds.MAX_PER_WANTED_ID - 1; i++) {
            looking.failed(porch.id(), looking.get(porch.id()).address(), LanBrowser.ConnectFailure.NO_ANSWER);
        }

        assertThat(looking.holds("Porch")).as("held when the round ended").isTrue();
        assertThat(looking.takeAdmitted()).containsExactlyInAnyOrder("Porch", "Later");
        assertThat(looking.get(porch.id()).address().getAddress().getHostAddress())
                .as("the newest waiting, tried first")
                .isEqualTo("192.0.2.99");
        assertThat(fixture.attemptsUntilConnected(looking, porch.id(), porch.address(), 10))
                .isEqualTo(2);
    }

    /**
     * Claims of a camera's ID from more addresses than the ID has places, heard before the camera
     * (it restarts, or the viewer starts after them), used to keep it out until one of the claims
     * holding a place was tried and failed and the camera announced again: refused claims were not
     * remembered. Now it waits, and is held when the claims holding the ID's places were tried.
     */
    @Test
    void aCameraLookedForThatAnnouncesAfterClaimsFromAnyNumberOfAddressesIsTriedAfterOneRoundOfTries()
            throws Exception {
        for (int addresses : new int[] {5, 8, 50}) {
            LanBrowser.Found porch = camera("Porch", "192.0.2.10");
            LanFinds looking = new LanFinds(id -> id.equals(porch.id()), fixture.clock::get);
            for (int i = 0; i < addresses; i++) { // before the camera, each from its own address
                announce(looking, "Claim (" + i + ")", found(porch.announcement(), stranger(i)));
            }
            announce(looking, "Porch", porch);
            for (int i = 0; i < addresses; i++) { // the forger goes on from the same addresses
                announce(looking, "Claim again (" + i + ")", found(porch.announcement(), stranger(i)));
            }

            assertThat(fixture.attemptsUntilConnected(looking, porch.id(), porch.address(), addresses + 2))
                    .as("attempts until the camera's own address, after claims from %d addresses", addresses)
                    .isEqualTo(LanFinds.MAX_PER_WANTED_ID + 1);
        }
    }
}
