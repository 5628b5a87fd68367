package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.testing.Eventually;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The real server in-process on loopback, with a simulated camera and viewer on real UDP sockets. */
@Tag("realtime")
class CloudServerTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(400);
    private static final Duration CLOUD_CLOCK_TICK = Duration.ofMillis(1);

    private CloudServer server;
    private UdpCamera camera;
    private UdpViewer viewer;

    @BeforeEach
    void startServer() throws Exception {
        CloudConfig defaults = CloudConfig.defaults();
        CloudConfig config = new CloudConfig(
                defaults.keepaliveInterval(),
                defaults.missedKeepalives(),
                defaults.challengeLifetime(),
                CONNECT_TIMEOUT,
                defaults.registrationRate(),
                defaults.requestRate(),
                defaults.maxCameras(),
                defaults.maxPendingConnects(),
                RelayLimits.OFF,
                defaults.quotas());
        server = CloudServer.start(CloudServerSettings.loopbackEphemeral().withCloud(config));
        camera = new UdpCamera(server.udpAddress());
        viewer = new UdpViewer(server.udpAddress());
    }

    @AfterEach
    void stopServer() {
        camera.close();
        viewer.close();
        server.close();
    }

    @Test
    void aCameraRegistersAndItsKeepalivesAreAcknowledged() {
        Registered registered = camera.register();

        assertThat(registered.reflexive()).isEqualTo(Candidate.reflexive(camera.peer.address()));
        KeepaliveAck ack = camera.keepalive();
        assertThat(ack.keepaliveMillis()).isBetween(18_000, 22_000);
        assertThat(server.metrics().camerasOnline()).isEqualTo(1);
    }

    @Test
    void aViewerLooksUpARegisteredCameraAndVerifiesItsKeyAgainstTheId() {
        camera.register();

        LookupResult result = viewer.lookup(camera.id());

        assertThat(result.found()).isTrue();
        assertThat(camera.id().matches(result.key())).isTrue();
    }

    @Test
    void aLookupForAnUnknownCameraIsUnavailable() {
        assertThat(viewer.lookup(new TestCamera().id()).found()).isFalse();
    }

    @Test
    void anAcceptedConnectGivesTheViewerTheCameraCandidatesAndHandshake() {
        camera.register();
        viewer.requestConnect(camera.id(), Bytes.of(new byte[] {1, 2, 3}));

        ConnectForward forward = camera.awaitForward();
        assertThat(forward.viewerCandidates().getFirst()).isEqualTo(Candidate.reflexive(viewer.peer.address()));
        assertThat(forward.handshake()).isEqualTo(Bytes.of(new byte[] {1, 2, 3}));
        camera.answer(forward, true, Bytes.of(new byte[] {4, 5}));

        ConnectResult result = viewer.awaitResult();
        assertThat(result.status()).isEqualTo(ConnectStatus.ACCEPTED);
        assertThat(result.candidates())
                .containsExactly(Candidate.reflexive(camera.peer.address()), camera.locals.getFirst());
        assertThat(result.handshake()).isEqualTo(Bytes.of(new byte[] {4, 5}));
    }

    @Test
    void aRejectedConnectRevealsNoCandidates() {
        camera.register();
        viewer.requestConnect(camera.id(), Bytes.EMPTY);
        camera.answer(camera.awaitForward(), false, Bytes.of(new byte[] {9}));

        ConnectResult result = viewer.awaitResult();

        assertThat(result.status()).isEqualTo(ConnectStatus.REJECTED);
        assertThat(result.candidates()).isEmpty();
    }

    @Test
    void aConnectToAnUnknownCameraIsUnavailable() {
        viewer.requestConnect(new TestCamera().id(), Bytes.EMPTY);

        assertThat(viewer.awaitResult().status()).isEqualTo(ConnectStatus.UNAVAILABLE);
    }

    @Test
    void aConnectTheCameraNeverAnswersEndsUnavailableAfterTheConnectTimeout() {
        camera.register();
        long started = System.nanoTime();
        viewer.requestConnect(camera.id(), Bytes.EMPTY);
        camera.awaitForward();

        ConnectResult result = viewer.awaitResult();

        assertThat(result.status()).isEqualTo(ConnectStatus.UNAVAILABLE);
        // The cloud's clock counts whole milliseconds (MonotonicClock): a request read 0.9 ms into one
        // is stamped with its start, so its deadline can come up to 1 ms before 400 ms of real time
        // (a CI run measured 399.905 ms).
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .isGreaterThanOrEqualTo(CONNECT_TIMEOUT.minus(CLOUD_CLOCK_TICK));
    }

    @Test
    void metricsShowTheCountersMoving() {
        InetSocketAddress http = server.httpAddress().orElseThrow();
        String before = Http.get(http, "/metrics").body();
        assertThat(before).contains("p2pcam_registrations_total{outcome=\"registered\"} 0\n");

        camera.register();
        viewer.lookup(camera.id());

        HttpResponse<String> after = Http.get(http, "/metrics");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(after.body())
                .contains("p2pcam_registrations_total{outcome=\"registered\"} 1\n")
                .contains("p2pcam_lookups_total{outcome=\"found\"} 1\n")
                .contains("p2pcam_cameras_online 1\n")
                .contains("p2pcam_packets_in_total 3\n")
                .contains("p2pcam_packets_out_total 3\n")
                .contains("p2pcam_transport{type=\"" + server.transportLabel() + "\"} 1\n")
                .containsPattern("p2pcam_registration_table_bytes [1-9][0-9]*\n");
    }

    @Test
    void healthzIsOkWhileRunningAndUnknownPathsAre404() {
        InetSocketAddress http = server.httpAddress().orElseThrow();

        HttpResponse<String> health = Http.get(http, "/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
        assertThat(Http.get(http, "/nothing-here").statusCode()).isEqualTo(404);
        assertThat(Http.get(http, "/").statusCode()).isEqualTo(404);
    }

    @Test
    void anAttackerCannotTakeOverALiveRegistration() {
        camera.register();
        try (UdpPeer attacker = new UdpPeer(server.udpAddress(), InetAddress.ofLiteral("127.0.0.2"))) {
            // 1. A fresh challenge for the victim's key, answered with a signature from the attacker's own key.
            TestCamera impostor = new TestCamera();
            attacker.send(new RegisterHello(1, camera.camera.publicKey()));
            RegisterChallenge challenge = attacker.expect(RegisterChallenge.class);
            attacker.send(TestCamera.signedRegister(
                    impostor.identity(), camera.camera.publicKey(), challenge.cookie(), camera.locals));
            awaitDrops(DropReason.BAD_SIGNATURE, 1);

            // 2. The victim's own, validly signed REGISTER replayed from the attacker's address.
            camera.peer.send(camera.camera.hello());
            RegisterChallenge victimChallenge = camera.peer.expect(RegisterChallenge.class);
            Register victimRegister = camera.camera.register(victimChallenge, camera.locals);
            attacker.send(victimRegister);
            awaitDrops(DropReason.BAD_COOKIE, 1);

            assertThat(attacker.receive(Duration.ofMillis(100)))
                    .as("no answer to the attacker's REGISTERs")
                    .isNull();
        }
        assertThat(server.metrics().registrations(RegistrationOutcome.MOVED)).isZero();
        LookupResult lookup = viewer.lookup(camera.id());
        assertThat(lookup.key()).isEqualTo(camera.camera.publicKey());
        camera.keepalive();
    }

    @Test
    void aSecondServerOnTheSameUdpPortReportsThePortInUse() {
        int port = server.udpAddress().getPort();

        assertThatThrownBy(() -> CloudServer.start(
                        CloudServerSettings.loopbackEphemeral().withUdpPort(port)))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("UDP port " + port + " on 127.0.0.1 is already in use");
    }

    @Test
    void anAddressThatIsNotThisMachinesIsSaidInWords() throws Exception {
        // 192.0.2.1 (TEST-NET-1, RFC 5737) is on no interface here: EADDRNOTAVAIL, which came out as
        // "io.netty.channel.unix.Errors$NativeIoException: bind(..) failed with error(-99): ...".
        assertThatThrownBy(() -> CloudServer.start(
                        CloudServerSettings.loopbackEphemeral().withBindAddress(InetAddress.getByName("192.0.2.1"))))
                .isInstanceOf(CannotBindException.class)
                .hasMessage("UDP port 0 on 192.0.2.1 cannot be bound: that address is not one of this machine's"
                        + " (see ip address)");
    }

    @Test
    void aSecondServerOnTheSameHttpPortReportsThePortInUse() {
        int port = server.httpAddress().orElseThrow().getPort();

        assertThatThrownBy(() -> CloudServer.start(
                        CloudServerSettings.loopbackEphemeral().withHttpPort(port)))
                .isInstanceOf(PortInUseException.class)
                .hasMessage("HTTP port " + port + " on 127.0.0.1 is already in use");
    }

    @Test
    void withHttpOffThereIsNoHttpAddress() throws Exception {
        try (CloudServer quiet =
                CloudServer.start(CloudServerSettings.loopbackEphemeral().withHttpPort(CloudServerSettings.HTTP_OFF))) {
            assertThat(quiet.httpAddress()).isEmpty();
            assertThat(quiet.isHealthy()).isTrue();
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheServerRunsOnNativeEpoll() {
        assertThat(server.transport()).isEqualTo(UdpTransport.EPOLL);
    }

    @Test
    void closeIsIdempotentAndLeavesTheServerUnhealthy() {
        server.close();
        server.close();

        assertThat(server.isHealthy()).isFalse();
    }

    private void awaitDrops(DropReason reason, long count) {
        Eventually.await(
                reason + " drops to reach " + count,
                Duration.ofSeconds(3),
                () -> server.metrics().drops(reason) >= count);
        assertThat(server.metrics().drops(reason)).isEqualTo(count);
    }
}
