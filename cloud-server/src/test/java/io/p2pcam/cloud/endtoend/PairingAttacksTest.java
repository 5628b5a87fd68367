package io.p2pcam.cloud.endtoend;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Attacks on admission (issue 12 §3) with the real camera and viewer endpoints and the real cloud
 * core in memory: strangers flooding, strangers behind (or spoofing) the viewer's address, guesses
 * from rotating IPv6 addresses, and revocation.
 */
class PairingAttacksTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static final InetSocketAddress CLOUD = address("203.0.113.1", 32100);
    private static final InetSocketAddress CAMERA = address("203.0.113.50", 40000);
    private static final InetSocketAddress HOME = address("198.51.100.7", 41000);
    private final SecureRandom secure = new SecureRandom();
    private final EndpointNetwork network = new EndpointNetwork();
    private final CameraIdentity identity = CameraIdentity.generate(secure);
    private final KeyPair homeKey = KeyPair.generate(secure);
    private final AtomicReference<PairingStore.Snapshot> stateDir =
            new AtomicReference<>(PairingStore.Snapshot.empty());
    private final List<CameraEvent> cameraEvents = new ArrayList<>();
    private final CameraEndpoint camera;

    PairingAttacksTest() {
        network.attach(CLOUD, new EndpointNetwork.Cloud(CloudConfig.defaults(), network.now));
        camera = new CameraEndpoint(
                identity,
                CLOUD,
                EndpointNetwork.access(identity, PASSWORD, stateDir::set, stateDir.get(), network.wall),
                List.of(Candidate.local(CAMERA)),
                new CameraStream(1280, 720, 30),
                4,
                secure,
                new SplittableRandom(1),
                SessionTimers.DEFAULT,
                network.now);
        network.attach(CAMERA, camera);
    }

    private ViewerEndpoint viewer(InetSocketAddress at, KeyPair key, String password) {
        return new NetworkViewer(network, identity.id(), CLOUD, secure)
                .password(password)
                .named("viewer at " + at)
                .key(key)
                .seed(at.getPort())
                .attachAt(at);
    }

    private long cameraCheckedWrongPasswords() {
        CameraEvent event;
        while ((event = camera.pollEvent()) != null) {
            cameraEvents.add(event);
        }
        return cameraEvents.stream()
                .filter(e -> e instanceof CameraEvent.ViewerRefused refused
                        && refused.verdict() == SessionHello.Verdict.WRONG_PASSWORD)
                .count();
    }

    /** The home viewer pairs with the password, then closes. */
    private void pairHomeViewer() {
        ViewerEndpoint first = viewer(HOME, homeKey, PASSWORD);
        network.advance(300);
        assertThat(first.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(EndpointNetwork.viewerEvents(first))
                .anyMatch(e -> e instanceof ViewerEvent.Admitted admitted
                        && admitted.welcome().paired());
        first.close(network.now);
        network.detach(HOME);
        network.advance(100);
    }

    /** A stranger with a fresh key and a wrong password, from {@code at}. */
    private void stranger(InetSocketAddress at, int n) {
        viewer(at, KeyPair.generate(secure), "guess " + n);
    }

    @Test
    void aPairedViewerComesBackWithoutThePassword() {
        pairHomeViewer();
        ViewerEndpoint again = viewer(address("198.51.100.7", 41001), homeKey, "");
        network.advance(300);
        assertThat(again.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(stateDir.get().pairings()).hasSize(1);
    }

    @Test
    void strangersBehindOrSpoofingTheViewersAddressDoNotLockItOut() {
        pairHomeViewer();
        for (int n = 0; n < 20; n++) { // the same IP as the viewer: a shared NAT, or a forged source
            stranger(address("198.51.100.7", 5000 + n), n);
            network.advance(50);
        }
        assertThat(cameraCheckedWrongPasswords()).isPositive();
        ViewerEndpoint home = viewer(address("198.51.100.7", 41002), homeKey, "");
        network.advance(300);
        assertThat(home.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
    }

    @Test
    void aStrangersFloodAtTheRateTheCloudLetsThroughDoesNotLockOutAPairedViewer() {
        pairHomeViewer();
        ViewerEndpoint home = null;
        for (int n = 0; n < 250; n++) { // 50 requests a second from 250 addresses: the cloud's cap per camera
            stranger(address("10.9." + (n >> 8) + "." + (n & 255), 6000), n);
            if (n == 200) {
                home = viewer(address("198.51.100.7", 41003), homeKey, "");
            }
            network.advance(20);
        }
        network.advance(300);
        assertThat(home.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        assertThat(cameraCheckedWrongPasswords())
                .as("passwords the camera checked (each costing X25519 work)")
                .isLessThan(30);
    }

    @Test
    void rotatingAddressesInsideOneIpv6Slash64BuyNoExtraGuesses() {
        for (int n = 1; n <= 100; n++) { // 10 s of guessing, a new address each time
            stranger(address("2001:db8:1:2::" + Integer.toHexString(n), 7000), n);
            network.advance(100);
        }
        network.advance(1_000);
        // Per /64: 4 at once, then one per 5 s; and after 5 failures the camera-wide wait doubles.
        assertThat(cameraCheckedWrongPasswords()).isLessThanOrEqualTo(8);
    }

    @Test
    void revokingAPairedViewerEndsItsLiveSessionAndItMustProveThePasswordAgain() throws Exception {
        pairHomeViewer();
        ViewerEndpoint home = viewer(address("198.51.100.7", 41004), homeKey, "");
        network.advance(300);
        assertThat(home.phase()).isEqualTo(ViewerEndpoint.Phase.LIVE);
        EndpointNetwork.viewerEvents(home);

        assertThat(camera.revoke(Bytes.of(homeKey.publicKey()), network.now)).isTrue();
        network.flush();

        assertThat(EndpointNetwork.viewerEvents(home))
                .anyMatch(e ->
                        e instanceof ViewerEvent.Failed failed && failed.failure() == ViewerFailure.CONNECTION_LOST);
        assertThat(camera.viewers()).isZero();
        ViewerEndpoint retry = viewer(address("198.51.100.7", 41005), homeKey, "");
        network.advance(300);
        assertThat(EndpointNetwork.viewerEvents(retry))
                .anyMatch(e ->
                        e instanceof ViewerEvent.Failed failed && failed.failure() == ViewerFailure.PASSWORD_NEEDED);
    }
}
