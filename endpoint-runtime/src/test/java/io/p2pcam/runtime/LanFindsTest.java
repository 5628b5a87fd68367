package io.p2pcam.runtime;

import static io.p2pcam.runtime.LanFindsFixture.announce;
import static io.p2pcam.runtime.LanFindsFixture.camera;
import static io.p2pcam.runtime.LanFindsFixture.found;
import static io.p2pcam.runtime.LanFindsFixture.stranger;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What a LAN browser keeps of the announcements anyone on the LAN may send. */
class LanFindsTest {
    private final LanFindsFixture fixture = new LanFindsFixture();
    private final LanFinds finds = new LanFinds(id -> false);

    @Test
    void aCameraIsFoundUntilItsInstanceSaysGoodbye() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");

        assertThat(announce(finds, "Porch", porch)).isTrue();
        assertThat(announce(finds, "Porch", porch)).as("the same again").isFalse();
        assertThat(finds.cameras()).containsExactly(porch);
        assertThat(finds.get(porch.id())).isEqualTo(porch);

        assertThat(finds.removed("Someone else")).isFalse();
        assertThat(finds.removed("Porch")).isTrue();
        assertThat(finds.cameras()).isEmpty();
        assertThat(finds.get(porch.id())).isNull();
    }

    @Test
    void anIdAnnouncedAgainElsewhereIsFoundThereUntilThatInstanceSaysGoodbye() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanBrowser.Found garden = camera("Garden", "192.0.2.11");
        LanBrowser.Found forged = found(porch.announcement(), "192.0.2.66");
        announce(finds, "Porch", porch);
        announce(finds, "Garden", garden);

        assertThat(announce(finds, "Porch (2)", forged)).isTrue();
        assertThat(finds.cameras()).as("one camera per ID, in the order found").containsExactly(forged, garden);

        // Its goodbye gives the camera back its own address (it used to leave the ID found nowhere).
        assertThat(finds.removed("Porch (2)")).isTrue();
        assertThat(finds.cameras()).containsExactly(porch, garden);
        assertThat(finds.removed("Garden")).isTrue();
        assertThat(finds.cameras()).containsExactly(porch);
    }

    @Test
    void aFloodOfAnnouncementsIsHeldToABoundAndMakesRoomAsInstancesLeave() throws Exception {
        for (int i = 0; i < LanFinds.MAX_INSTANCES; i++) {
            assertThat(announce(finds, "Flood " + i, camera("Flood " + i, stranger(i))))
                    .isTrue();
        }
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");

        assertThat(announce(finds, "Porch", porch)).isFalse();
        assertThat(finds.cameras()).hasSize(LanFinds.MAX_INSTANCES).doesNotContain(porch);

        assertThat(finds.removed("Flood 0")).isTrue();
        assertThat(announce(finds, "Porch", porch)).isTrue();
        assertThat(finds.cameras()).hasSize(LanFinds.MAX_INSTANCES).contains(porch);
    }

    @Test
    void aCameraLookedForIsHeldPastTheBoundUpToItsOwnRoom() throws Exception {
        List<LanBrowser.Found> wanted = new ArrayList<>();
        for (int i = 0; i <= LanFinds.MAX_WANTED; i++) {
            wanted.add(camera("Wanted " + i, "192.0.2.30"));
        }
        LanFinds looking = new LanFinds(
                id -> wanted.stream().anyMatch(camera -> camera.id().equals(id)));
        for (int i = 0; i < LanFinds.MAX_INSTANCES; i++) {
            announce(looking, "Flood " + i, camera("Flood " + i, stranger(i)));
        }
        assertThat(looking.hasRoom()).isFalse();

        for (int i = 0; i < LanFinds.MAX_WANTED; i++) {
            assertThat(announce(looking, "Wanted " + i, wanted.get(i))).isTrue();
        }
        announce(looking, "Wanted (last)", wanted.getLast());
        assertThat(looking.holds("Wanted (last)")).as("past its room").isFalse();
        assertThat(looking.cameras()).hasSize(LanFinds.MAX_INSTANCES + LanFinds.MAX_WANTED);
    }

    @Test
    void aForgerClaimingAWantedIdTakesAFewInstancesAndNotTheRoomOfOtherWantedIds() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanBrowser.Found garden = camera("Garden", "192.0.2.11");
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()) || id.equals(garden.id()));
        for (int i = 0; i < LanFinds.MAX_INSTANCES; i++) {
            announce(looking, "Flood " + i, camera("Flood " + i, stranger(i)));
        }
        announce(looking, "Porch", porch);
        for (int i = 0; i < LanFinds.MAX_WANTED; i++) {
            announce(looking, "Porch (" + i + ")", found(porch.announcement(), "192.0.2.66"));
        }

        long porchInstances = IntStream.range(0, LanFinds.MAX_WANTED)
                .filter(i -> looking.holds("Porch (" + i + ")"))
                .count();
        assertThat(porchInstances).as("the forger's instances of Porch's ID").isLessThanOrEqualTo(4);
        assertThat(announce(looking, "Garden", garden))
                .as("another wanted camera still has room")
                .isTrue();
        assertThat(looking.get(garden.id())).isEqualTo(garden);
    }

    @Test
    void anInstanceThatProvedItselfIsChosenAndKeptWhileAForgerClaimsItsId() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()));
        announce(looking, "Porch", porch);
        assertThat(looking.proved(porch.id(), porch.address()))
                .as("it was the one chosen")
                .isFalse();

        for (int i = 0; i < 10 * LanFinds.MAX_PER_WANTED_ID; i++) {
            announce(looking, "Porch (" + i + ")", found(porch.announcement(), "192.0.2.66"));
        }

        assertThat(looking.holds("Porch")).as("kept").isTrue();
        assertThat(looking.get(porch.id())).as("chosen over the later claims").isEqualTo(porch);
        assertThat(looking.cameras()).containsExactly(porch);
        assertThat(looking.takeEvicted())
                .as("the first claims kept, none tried and failed")
                .isEmpty();
        assertThat(looking.ignored()).isEqualTo(10 * LanFinds.MAX_PER_WANTED_ID - (LanFinds.MAX_PER_WANTED_ID - 1));

        // The camera moved (its new address is not the one that proved itself): the latest again.
        LanBrowser.Found moved = found(porch.announcement(), "192.0.2.12");
        announce(looking, "Porch", moved);
        assertThat(looking.get(porch.id())).isEqualTo(moved);
    }

    /** Finds looking for {@code porch}, which announced itself, and then forged claims of its ID filling its room. */
    private LanFinds claimedAfter(LanBrowser.Found porch) throws Exception {
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()), fixture.clock::get);
        announce(looking, "Porch", porch);
        for (int i = 0; i < LanFinds.MAX_PER_WANTED_ID - 1; i++) {
            announce(looking, "Porch (" + i + ")", found(porch.announcement(), "192.0.2." + (66 + i)));
        }
        return looking;
    }

    @Test
    void forgedClaimsAnnouncedAfterTheRealCameraAreEachTriedOnceAndTheCameraIsConnected() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = claimedAfter(porch);
        assertThat(looking.get(porch.id()).address())
                .as("the latest claim first")
                .isNotEqualTo(porch.address());

        assertThat(fixture.attemptsUntilConnected(looking, porch.id(), porch.address(), 10))
                .as("attempts until the camera's own address, one per forged claim and one")
                .isEqualTo(LanFinds.MAX_PER_WANTED_ID);

        // The camera stops answering for a while (it restarts): the forged addresses stay passed over.
        looking.failed(porch.id(), porch.address(), LanBrowser.ConnectFailure.NO_ANSWER);
        assertThat(looking.get(porch.id())).isEqualTo(porch);
        assertThat(looking.cameras()).containsExactly(porch);
    }

    @Test
    void anAddressWhereSomethingElseAnsweredIsPassedOverForTheIdForAWhileEvenUnderANewInstanceName() throws Exception {
        LanBrowser.Found forged = camera("Porch", "192.0.2.66");
        LanFinds looking = new LanFinds(id -> false, fixture.clock::get);
        announce(looking, "Porch", forged);

        assertThat(looking.failed(forged.id(), forged.address(), LanBrowser.ConnectFailure.NOT_THE_CAMERA))
                .as("the list changed")
                .isTrue();
        assertThat(looking.get(forged.id())).isNull();
        assertThat(looking.cameras()).isEmpty();
        announce(looking, "Porch (2)", forged);
        assertThat(looking.get(forged.id()))
                .as("a new name at the same address")
                .isNull();

        fixture.later(LanFinds.NOT_THE_CAMERA_FOR);
        assertThat(looking.get(forged.id()))
                .as("tried again once the while is over (a camera may have that address now)")
                .isNotNull();
    }

    @Test
    void instancesOfAnIdWhereNothingAnswersAreTriedInTurn() throws Exception {
        LanBrowser.Found first = camera("Porch", "192.0.2.10");
        LanBrowser.Found second = found(first.announcement(), "192.0.2.11");
        LanFinds looking = new LanFinds(id -> false, fixture.clock::get);
        announce(looking, "Porch", first);
        announce(looking, "Porch (2)", second);

        List<InetSocketAddress> tried = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            InetSocketAddress address = looking.get(first.id()).address();
            tried.add(address);
            looking.failed(first.id(), address, LanBrowser.ConnectFailure.NO_ANSWER);
            fixture.later(Duration.ofSeconds(5));
        }

        assertThat(tried).containsExactly(second.address(), first.address(), second.address(), first.address());
    }

    @Test
    void aNewClaimOfAFullIdLetsGoAnAddressThatWasNotTheCameraBeforeTheCameraItself() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = claimedAfter(porch);
        LanBrowser.Found latest = looking.get(porch.id());
        looking.failed(porch.id(), latest.address(), LanBrowser.ConnectFailure.NOT_THE_CAMERA);

        announce(looking, "Porch (new)", found(porch.announcement(), "192.0.2.99"));

        assertThat(looking.holds("Porch"))
                .as("the camera, not yet proved, still held")
                .isTrue();
        assertThat(looking.takeEvicted()).containsExactly("Porch (" + (LanFinds.MAX_PER_WANTED_ID - 2) + ")");
    }

    @Test
    void completeForgedAnnouncementsFromOneAddressTakeAFewPlacesAndTheRestAreCounted() throws Exception {
        for (int i = 0; i < 2 * LanFinds.MAX_INSTANCES; i++) {
            finds.announced("Forged " + i, camera("Forged " + i, stranger(i)), InetAddress.getByName("192.0.2.66"));
        }
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");

        assertThat(announce(finds, "Porch", porch))
                .as("a camera on another address")
                .isTrue();
        assertThat(finds.cameras())
                .as("a few fakes and the camera")
                .hasSize(LanFinds.MAX_PER_SOURCE + 1)
                .contains(porch);
        assertThat(finds.ignored()).isEqualTo(2 * LanFinds.MAX_INSTANCES - LanFinds.MAX_PER_SOURCE);
    }

    @Test
    void whenStrangersTakeEveryPlaceTheAddressHoldingTheMostGivesItsNewestToANewAddress() throws Exception {
        int sources = LanFinds.MAX_INSTANCES / LanFinds.MAX_PER_SOURCE;
        for (int i = 0; i < LanFinds.MAX_INSTANCES; i++) {
            finds.announced(
                    "Forged " + i, camera("Forged " + i, stranger(i)), InetAddress.getByName(stranger(i % sources)));
        }
        assertThat(finds.hasRoom())
                .as("every place taken, a source could give one up")
                .isTrue();
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");

        assertThat(announce(finds, "Porch", porch)).isTrue();
        assertThat(finds.cameras()).hasSize(LanFinds.MAX_INSTANCES).contains(porch);
        assertThat(finds.takeEvicted())
                .as("the newest of the first address holding the most")
                .hasSize(1)
                .allMatch(name ->
                        Integer.parseInt(name.substring("Forged ".length())) >= LanFinds.MAX_INSTANCES - sources);
    }

    @Test
    void everyCameraLookedForHasRoomWhileAForgerClaimsTheOthersToTheirBound() throws Exception {
        List<LanBrowser.Found> listed = new ArrayList<>();
        for (int i = 0; i < LanFinds.MAX_WANTED; i++) {
            listed.add(camera("Listed " + i, "192.0.2.30"));
        }
        LanFinds looking = new LanFinds(
                id -> listed.stream().anyMatch(camera -> camera.id().equals(id)));
        for (int i = 0; i < LanFinds.MAX_INSTANCES; i++) {
            announce(looking, "Flood " + i, camera("Flood " + i, stranger(i)));
        }
        for (int i = 0; i < LanFinds.MAX_WANTED - 1; i++) { // every other listed camera claimed to its bound
            for (int claim = 0; claim < LanFinds.MAX_PER_WANTED_ID; claim++) {
                announce(
                        looking, "Claim " + i + "/" + claim, found(listed.get(i).announcement(), stranger(claim)));
            }
        }
        LanBrowser.Found last = listed.getLast();

        assertThat(announce(looking, "Listed (last)", last)).isTrue();
        assertThat(looking.get(last.id())).isEqualTo(last);
    }

    @Test
    void aFloodOfClaimsOfACameraLookedForAfterItsOwnDoesNotPushItOutBeforeItIsTried() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds looking = new LanFinds(id -> id.equals(porch.id()), fixture.clock::get);
        announce(looking, "Porch", porch);

        for (int i = 0; i < 64; i++) {
            announce(looking, "Porch (" + i + ")", found(porch.announcement(), stranger(i)));
        }

        assertThat(looking.holds("Porch")).as("the first claim, not yet tried").isTrue();
        assertThat(fixture.attemptsUntilConnected(looking, porch.id(), porch.address(), 10))
                .as("attempts until the camera's own address")
                .isBetween(1, LanFinds.MAX_PER_WANTED_ID);
    }

    @Test
    void whenAnAddressIsNoLongerPassedOverTheListChangesAndSaysSo() throws Exception {
        LanBrowser.Found forged = camera("Porch", "192.0.2.66");
        LanFinds looking = new LanFinds(id -> false, fixture.clock::get);
        announce(looking, "Porch", forged);
        looking.failed(forged.id(), forged.address(), LanBrowser.ConnectFailure.NOT_THE_CAMERA);
        assertThat(looking.holdsEnded()).as("still passed over").isFalse();

        fixture.later(LanFinds.NOT_THE_CAMERA_FOR);

        assertThat(looking.holdsEnded()).as("the hold ended: the list changed").isTrue();
        assertThat(looking.cameras()).containsExactly(forged);
        assertThat(looking.holdsEnded()).as("said once").isFalse();
    }

    @Test
    void aSourceWhoseStrangersSayGoodbyeOrExpireHasRoomAgain() throws Exception {
        InetAddress source = InetAddress.getByName("192.0.2.66");
        for (int i = 0; i < LanFinds.MAX_PER_SOURCE; i++) {
            finds.announced("Forged " + i, camera("Forged " + i, "192.0.2.66"), source);
        }
        LanBrowser.Found another = camera("Another", "192.0.2.66");
        assertThat(finds.announced("Another", another, source))
                .as("the source's places taken")
                .isFalse();

        finds.removed("Forged 3");

        assertThat(finds.announced("Another", another, source)).isTrue();
        assertThat(finds.announced("One more", camera("One more", "192.0.2.66"), source))
                .isFalse();
    }

    @Test
    void aCameraLookedForWhoseInstancesAllLeaveGivesItsRoomToAnother() throws Exception {
        List<LanBrowser.Found> wanted = new ArrayList<>();
        for (int i = 0; i <= LanFinds.MAX_WANTED; i++) {
            wanted.add(camera("Wanted " + i, "192.0.2.30"));
        }
        LanFinds looking = new LanFinds(
                id -> wanted.stream().anyMatch(camera -> camera.id().equals(id)));
        for (int i = 0; i < LanFinds.MAX_WANTED; i++) {
            announce(looking, "Wanted " + i, wanted.get(i));
        }
        announce(looking, "Wanted 5 (2)", found(wanted.get(5).announcement(), "192.0.2.31"));
        assertThat(announce(looking, "Wanted (last)", wanted.getLast())).isFalse();

        looking.removed("Wanted 5");
        assertThat(announce(looking, "Wanted (last)", wanted.getLast()))
                .as("the ID still has an instance")
                .isFalse();
        looking.removed("Wanted 5 (2)");

        assertThat(announce(looking, "Wanted (last)", wanted.getLast())).isTrue();
    }

    @Test
    void aStrangerThatBecomesLookedForLeavesItsSourcesPlaceToAnother() throws Exception {
        InetAddress source = InetAddress.getByName("192.0.2.66");
        List<CameraId> lookedFor = new ArrayList<>();
        LanFinds looking = new LanFinds(lookedFor::contains);
        LanBrowser.Found porch = camera("Porch", "192.0.2.66");
        looking.announced("Porch", porch, source);
        for (int i = 1; i < LanFinds.MAX_PER_SOURCE; i++) {
            looking.announced("Forged " + i, camera("Forged " + i, "192.0.2.66"), source);
        }
        LanBrowser.Found another = camera("Another", "192.0.2.66");
        assertThat(looking.announced("Another", another, source)).isFalse();

        lookedFor.add(porch.id());
        looking.lookingForChanged();

        assertThat(looking.announced("Another", another, source)).isTrue();
        assertThat(looking.holds("Porch")).isTrue();
    }

    @Test
    void aStrangerAnnouncedAgainFromAnotherSourceTakesThatSourcesPlace() throws Exception {
        InetAddress first = InetAddress.getByName("192.0.2.66");
        InetAddress second = InetAddress.getByName("192.0.2.67");
        for (int i = 0; i < LanFinds.MAX_PER_SOURCE; i++) {
            finds.announced("Forged " + i, camera("Forged " + i, "192.0.2.66"), first);
        }

        finds.announced("Forged 0", camera("Forged 0", "192.0.2.67"), second);

        assertThat(finds.announced("Another", camera("Another", "192.0.2.66"), first))
                .as("the first source has a place again")
                .isTrue();
        assertThat(finds.holds("Forged 0")).isTrue();
    }

    /**
     * Decision 0063's bound on a forger with many (spoofed) source addresses, measured: when the
     * strangers' places are all taken, a new address takes the place of one of an address holding
     * more than one, so to keep a new camera out of the list the forger must hold every place from an
     * address of its own: as many addresses as the list has places. With one fewer, however many
     * announcements each sends, the camera is listed.
     */
    @Test
    void aForgerNeedsAsManySourceAddressesAsTheListHasPlacesToKeepANewCameraOut() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        LanFinds fewer = new LanFinds(id -> false);
        for (int i = 0; i < 2 * LanFinds.MAX_INSTANCES; i++) {
            fewer.announced(
                    "Forged " + i,
                    camera("Forged " + i, "198.18.0.1"),
                    InetAddress.getByName(stranger(i % (LanFinds.MAX_INSTANCES - 1))));
        }
        assertThat(announce(fewer, "Porch", porch))
                .as("from %d addresses", LanFinds.MAX_INSTANCES - 1)
                .isTrue();

        LanFinds asMany = new LanFinds(id -> false);
        for (int i = 0; i < LanFinds.MAX_INSTANCES; i++) {
            asMany.announced("Forged " + i, camera("Forged " + i, "198.18.0.1"), InetAddress.getByName(stranger(i)));
        }
        assertThat(announce(asMany, "Porch", porch))
                .as("from %d addresses, one place each", LanFinds.MAX_INSTANCES)
                .isFalse();
        assertThat(asMany.ignored()).isEqualTo(1);
        assertThat(asMany.hasRoom()).isFalse();
    }

    /**
     * Decision 0063's bound once senders off the link are dropped (RFC 6762 §11, {@link LanLink}):
     * on a /24 a forger sends from at most its 254 hosts less the viewer's own, 253, fewer than
     * the list's places. From every one of them but the camera's (252), however many announcements
     * each sends, a new camera is listed; only by sending from the camera's own address too, as
     * many as from any other, does he keep it out: its source holds as many places as the most.
     */
    @Test
    void aForgerOnASlash24KeepsANewCameraOutOnlyBySendingFromItsAddressToo() throws Exception {
        LanBrowser.Found porch = camera("Porch", "198.18.0.3");
        List<String> hosts = new ArrayList<>();
        for (int host = 1; host <= 254; host++) {
            if (host != 2) { // the viewer's own: Linux drops a packet from the wire with it as source
                hosts.add("198.18.0." + host);
            }
        }
        assertThat(hosts).hasSize(253).hasSizeLessThan(LanFinds.MAX_INSTANCES);
        List<String> butTheCameras =
                hosts.stream().filter(host -> !host.equals("198.18.0.3")).toList();

        assertThat(announce(flooded(butTheCameras), "Porch", porch))
                .as("from 252 addresses")
                .isTrue();
        assertThat(announce(flooded(hosts), "Porch", porch))
                .as("from 253, the camera's among them")
                .isFalse();
    }

    private static LanFinds flooded(List<String> sources) throws Exception {
        LanFinds finds = new LanFinds(id -> false);
        for (int i = 0; i < 2 * LanFinds.MAX_INSTANCES; i++) {
            String source = sources.get(i % sources.size());
            finds.announced("Forged " + i, camera("Forged " + i, source), InetAddress.getByName(source));
        }
        return finds;
    }
}
