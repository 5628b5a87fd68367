package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 13, section 1: one party inside its rates still cannot take the cloud from everyone else. */
class PartyQuotaTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("10.0.0.2", 1)));
    private static final SecureRandom RANDOM = new SecureRandom();

    private static InetSocketAddress inSite(int subnet, int host) {
        // 2001:db8:1::/48, subnet = the 16 bits after it (so /56 = subnet >> 8), one host per /64.
        return address(String.format("2001:db8:1:%x::%x", subnet, host), 40000);
    }

    private static void register(InMemoryNetwork network, CameraIdentity camera, InetSocketAddress from) {
        long transaction = RANDOM.nextLong();
        network.sendToCloud(from, CloudCodec.encode(new RegisterHello(transaction, camera.publicKey())));
        RegisterChallenge challenge =
                (RegisterChallenge) network.sentByCloud.getLast().message();
        byte[] signed = CloudCodec.registerSignedBytes(transaction, camera.publicKey(), challenge.cookie(), List.of());
        network.sendToCloud(
                from,
                CloudCodec.encode(new Register(
                        transaction,
                        camera.publicKey(),
                        challenge.cookie(),
                        List.of(),
                        Bytes.of(camera.sign(signed, 0, signed.length)))));
    }

    private static byte[] connectRequest(long transaction, CameraIdentity camera) {
        return CloudCodec.encode(new ConnectRequest(transaction, camera.id(), LAN, Bytes.of(new byte[32])));
    }

    @Test
    void oneSiteWithAHundredThousandPendingConnectsToASilentCameraDoesNotBlockOtherViewers() {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        SimulatedCamera silent = new SimulatedCamera(network, address("198.51.100.20", 40001), LAN);
        silent.acceptForwards = null; // never answers: every request waits its full 5 s
        SimulatedCamera honestCamera = new SimulatedCamera(network, address("198.51.100.30", 40001), LAN);

        // 2,000 /64s of one /48, 50 requests each (each /64 inside its own burst of 60).
        for (int subnet = 0; subnet < 2_000; subnet++) {
            InetSocketAddress source = inSite(subnet, 1);
            for (int i = 0; i < 50; i++) {
                network.sendToCloud(source, connectRequest(subnet * 100L + i, silent.identity));
            }
        }
        assertThat(network.cloud.pendingConnects()).isLessThanOrEqualTo(512);

        InetSocketAddress viewer = address("203.0.113.9", 50000);
        network.sendToCloud(viewer, connectRequest(1, honestCamera.identity));
        assertThat(network.events.connects.get(ConnectOutcome.ACCEPTED)).isEqualTo(1);
    }

    @Test
    void aPartyHoldsAtMostItsCapOfPendingConnectsWhateverItsRate() {
        CloudConfig config = CloudConfig.defaults()
                .withRates(new CloudConfig.RateLimit(1e6, 1_000_000), new CloudConfig.RateLimit(1e6, 1_000_000));
        InMemoryNetwork network = new InMemoryNetwork(config);
        SimulatedCamera silent = new SimulatedCamera(network, address("198.51.100.20", 40001), LAN);
        silent.acceptForwards = null;
        InetSocketAddress attacker = address("198.51.100.66", 50000);
        for (int i = 0; i < 1_000; i++) {
            network.sendToCloud(attacker, connectRequest(i, silent.identity));
        }
        assertThat(network.cloud.pendingConnects()).isEqualTo(64);
        assertThat(network.events.drops(DropReason.PARTY_QUOTA)).isEqualTo(1_000 - 64);

        network.advance(6_000); // they time out, and the party may ask again
        network.sendToCloud(attacker, connectRequest(5_000, silent.identity));
        assertThat(network.cloud.pendingConnects()).isEqualTo(1);
    }

    @Test
    void throwAwayKeysFromOnePartyStopAtItsRegistrationCap() {
        CloudConfig config =
                CloudConfig.defaults().withQuotas(Quotas.defaults().withRegistrations(new PartyCaps(5, 8, 12)));
        InMemoryNetwork network = new InMemoryNetwork(config);
        for (int i = 0; i < 8; i++) {
            register(network, CameraIdentity.generate(RANDOM), address("198.51.100.66", 50000 + i));
        }
        assertThat(network.cloud.camerasOnline()).isEqualTo(5);
        assertThat(network.events.drops(DropReason.PARTY_QUOTA)).isEqualTo(3);

        // Across the /64s of one /56 the /56 cap holds, and across /56s the /48 cap.
        for (int subnet = 0; subnet < 20; subnet++) {
            register(network, CameraIdentity.generate(RANDOM), inSite(subnet, 1));
        }
        assertThat(network.cloud.camerasOnline()).isEqualTo(5 + 8);
        for (int site56 = 1; site56 < 8; site56++) {
            register(network, CameraIdentity.generate(RANDOM), inSite(site56 << 8, 1));
        }
        assertThat(network.cloud.camerasOnline()).isEqualTo(5 + 12);
    }

    @Test
    void aFullTableMakesRoomForANewCameraByEvictingFromThePartyHoldingMost() {
        CloudConfig config = CloudConfig.defaults()
                .withMaxCameras(40)
                .withRates(
                        new CloudConfig.RateLimit(1_000, 1_000),
                        CloudConfig.defaults().requestRate());
        InMemoryNetwork network = new InMemoryNetwork(config);
        for (int i = 0; i < 40; i++) {
            register(network, CameraIdentity.generate(RANDOM), address("198.51.100.66", 50000 + i));
        }
        SimulatedCamera honest = new SimulatedCamera(network, address("203.0.113.20", 40001), LAN);
        network.sendToCloud(address("203.0.113.9", 5000), CloudCodec.encode(new Lookup(3, honest.identity.id())));

        assertThat(network.sentByCloud.getLast().message()).isInstanceOf(LookupResult.class);
        assertThat(((LookupResult) network.sentByCloud.getLast().message()).found())
                .isTrue();
        assertThat(network.events.registrations.get(RegistrationOutcome.EVICTED))
                .isEqualTo(1);
        assertThat(network.cloud.camerasOnline()).isEqualTo(40);
    }

    @Test
    void theSubnetsOfOneSlash56ShareABucketTwiceAsLargeAsOneSlash64s() {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        CameraIdentity unknown = CameraIdentity.generate(RANDOM);
        for (int subnet = 0; subnet < 10; subnet++) { // ten /64s of one /56, 60 lookups each
            for (int i = 0; i < 60; i++) {
                network.sendToCloud(inSite(subnet, 1), CloudCodec.encode(new Lookup(i, unknown.id())));
            }
        }
        long answered = network.sentByCloud.stream()
                .filter(d -> d.message() instanceof LookupResult)
                .count();
        assertThat(answered).isEqualTo(2 * CloudConfig.defaults().requestRate().burst());
    }

    @Test
    void oneSiteCannotTakeMoreThanAnEighthOfTheSignatureBudget() {
        CloudConfig.RateLimit generous = new CloudConfig.RateLimit(100_000, 100_000);
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults().withRates(generous, generous));
        network.checkSignaturesAtOnce = false; // a slow verifier: checks stay in flight

        // 200 /64s of one /48, one throw-away key each: all inside their rates and their caps.
        for (int subnet = 0; subnet < 200; subnet++) {
            register(network, CameraIdentity.generate(RANDOM), inSite(subnet, 1));
        }
        int perParty = Quotas.defaults().maxSignatureChecks() / Registrar.SIGNATURE_SHARE_DIVISOR;
        assertThat(network.heldChecks).hasSize(perParty);
        assertThat(network.events.drops(DropReason.VERIFIER_BUSY)).isEqualTo(200 - perParty);

        // Another party's camera still gets its check, and registers once the verifier catches up.
        CameraIdentity honest = CameraIdentity.generate(RANDOM);
        register(network, honest, address("198.51.100.40", 40001));
        assertThat(network.heldChecks).hasSize(perParty + 1);
        network.runHeldChecks();
        assertThat(network.cloud.camerasOnline()).isEqualTo(perParty + 1);
    }
}
