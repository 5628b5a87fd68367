package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Invariant 4 against forged sources (decision 0057): an off-path attacker who knows a victim's
 * address floods the cloud over UDP in the victim's name. It may empty the victim's UDP lane, but
 * the victim, moved to TCP (whose handshake proves its address), is served there.
 */
class SpoofedSourceTest {
    private static final List<Candidate> LAN = List.of(Candidate.local(address("10.0.0.2", 1)));
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final InetSocketAddress VICTIM = address("198.51.100.7", 50000);
    /** The victim's TCP connection: the same host, another port. */
    private static final InetSocketAddress VICTIM_OVER_TCP = address("198.51.100.7", 50001);

    /** {@code perSecond} datagrams a second in the victim's name for {@code seconds}, the clock moving as they go. */
    private static void floodAsVictim(
            InMemoryNetwork network,
            InetSocketAddress victim,
            int perSecond,
            int seconds,
            LongFunction<byte[]> datagram) {
        long step = 1_000 / perSecond;
        for (long i = 0; i < (long) perSecond * seconds; i++) {
            network.sendToCloud(victim, datagram.apply(i));
            network.advance(step);
        }
    }

    private static byte[] lookup(long transaction, CameraIdentity camera) {
        return CloudCodec.encode(new Lookup(transaction, camera.id()));
    }

    private static byte[] connectRequest(long transaction, CameraIdentity camera) {
        return CloudCodec.encode(new ConnectRequest(transaction, camera.id(), LAN, Bytes.of(new byte[32])));
    }

    private static boolean lookupAnsweredTo(InMemoryNetwork network, InetSocketAddress to, long transaction) {
        return network.sentByCloud.stream()
                .anyMatch(d -> d.to().equals(to)
                        && d.message() instanceof LookupResult r
                        && r.transaction() == transaction
                        && r.found());
    }

    @Test
    void aLookupFloodSpoofedFromAViewerLeavesItsLookupsOverTcpAnswered() {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        SimulatedCamera camera = new SimulatedCamera(network, address("203.0.113.20", 40001), LAN);
        CameraIdentity unknown = CameraIdentity.generate(RANDOM);

        // 25 a second, over the 20 a second the bucket refills: its burst is gone in 12 s.
        floodAsVictim(network, VICTIM, 25, 15, i -> lookup(1_000 + i, unknown));
        network.sendToCloud(VICTIM, lookup(1, camera.identity));
        assertThat(lookupAnsweredTo(network, VICTIM, 1))
                .as("the flood spent the victim's UDP lane")
                .isFalse();

        network.sendToCloud(VICTIM_OVER_TCP, lookup(2, camera.identity), Lane.TCP);
        assertThat(lookupAnsweredTo(network, VICTIM_OVER_TCP, 2))
                .as("over TCP the victim is served")
                .isTrue();
    }

    @Test
    void theTcpLaneHasARateLimitOfItsOwn() {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        CameraIdentity unknown = CameraIdentity.generate(RANDOM);
        int burst = CloudConfig.defaults().requestRate().burst();
        for (int i = 0; i < burst + 40; i++) {
            network.sendToCloud(VICTIM_OVER_TCP, lookup(i, unknown), Lane.TCP);
        }
        long answered = network.sentByCloud.stream()
                .filter(d -> d.message() instanceof LookupResult)
                .count();
        assertThat(answered).isEqualTo(burst);
        assertThat(network.events.drops(DropReason.RATE_LIMITED)).isEqualTo(40);
    }

    @Test
    void connectRequestsSpoofedFromAViewerToASilentCameraLeaveItsConnectsOverTcpForwarded() {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        SimulatedCamera silent = new SimulatedCamera(network, address("203.0.113.30", 40001), LAN);
        silent.acceptForwards = null; // never answers: each forged request holds the quota 5 s
        SimulatedCamera wanted = new SimulatedCamera(network, address("203.0.113.20", 40001), LAN);
        wanted.acceptForwards = null; // the test looks at the forward, not the answer
        int quota = CloudConfig.defaults().quotas().pendingConnects().perAddress();

        for (int i = 0; i < quota; i++) { // 20 a second, inside the victim's request rate
            network.sendToCloud(VICTIM, connectRequest(1_000 + i, silent.identity));
            network.advance(50);
        }
        network.sendToCloud(VICTIM, connectRequest(1, wanted.identity));
        assertThat(network.events.drops(DropReason.PARTY_QUOTA))
                .as("the forged requests hold the victim's UDP quota")
                .isEqualTo(1);

        network.sendToCloud(VICTIM_OVER_TCP, connectRequest(2, wanted.identity), Lane.TCP);
        assertThat(network.sentByCloud.getLast().message())
                .as("over TCP the victim's request reaches the camera")
                .isInstanceOf(ConnectForward.class);
        assertThat(network.sentByCloud.getLast().to()).isEqualTo(wanted.address);
        assertThat(network.events.connects.get(ConnectOutcome.FORWARDED)).isEqualTo(quota + 1);

        network.advance(6_000); // every request times out: both lanes' counts come back to zero
        for (int i = 0; i < quota; i++) {
            network.sendToCloud(VICTIM_OVER_TCP, connectRequest(5_000 + i, silent.identity), Lane.TCP);
            network.advance(50);
        }
        assertThat(network.cloud.pendingConnects()).isEqualTo(quota);
        network.sendToCloud(VICTIM_OVER_TCP, connectRequest(9_999, silent.identity), Lane.TCP);
        assertThat(network.events.drops(DropReason.PARTY_QUOTA))
                .as("the TCP lane keeps its own quota")
                .isEqualTo(2);
    }

    @Test
    void helloFloodSpoofedFromACamerasAddressLeavesItsRegistrationOverTcpThrough() {
        InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
        InetSocketAddress cameraAddress = address("198.51.100.20", 40001);
        CameraIdentity forged = CameraIdentity.generate(RANDOM);
        // 100 HELLOs a second in the camera's name (60 kbit/s) keep its registration bucket empty.
        floodAsVictim(network, cameraAddress, 100, 5, i -> CloudCodec.encode(new RegisterHello(i, forged.publicKey())));

        SimulatedCamera camera = new SimulatedCamera(network, cameraAddress, LAN);
        floodAsVictim(
                network,
                cameraAddress,
                100,
                5,
                i -> CloudCodec.encode(new RegisterHello(100_000 + i, forged.publicKey())));
        assertThat(camera.registration.state())
                .as("over UDP the flood keeps the camera out")
                .isNotEqualTo(CameraRegistration.State.REGISTERED);

        camera.lane = Lane.TCP; // its UDP requests went unanswered: it moves to TCP (§3.1)
        floodAsVictim(
                network,
                cameraAddress,
                100,
                60,
                i -> CloudCodec.encode(new RegisterHello(200_000 + i, forged.publicKey())));
        assertThat(camera.registration.state()).isEqualTo(CameraRegistration.State.REGISTERED);
        assertThat(network.cloud.camerasOnline()).isEqualTo(1);
    }
}
