package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.protocol.testing.ManualScheduler;
import io.p2pcam.runtime.LanBrowser;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The supervisor against a real cloud on loopback where the camera is not registered. */
@Tag("realtime")
class CameraSupervisorTest {
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final BlockingQueue<ConnectionStatus> statuses = new LinkedBlockingQueue<>();
    private final RetryPolicy quick = new RetryPolicy(
            Duration.ofMillis(200), Duration.ofSeconds(1), 0, Duration.ofSeconds(1), Duration.ofMillis(500));
    private CloudServer cloud;
    private UdpEndpointRunner<CameraEndpoint> camera;
    private InetSocketAddress cameraAddress;

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        if (camera != null) {
            camera.close();
        }
        if (cloud != null) {
            cloud.close();
        }
    }

    private ConnectionSettings settings(InetSocketAddress cloudAddress) {
        return new ConnectionSettings(
                cloudAddress,
                CameraIdentity.generate(new SecureRandom()).id(),
                Password.of("pw"),
                "test",
                Duration.ofSeconds(5));
    }

    /** A camera on loopback registering with {@code cloudAddress}, password "pw"; returns its identity. */
    private CameraIdentity startCamera(InetSocketAddress cloudAddress) throws IOException {
        return startCamera(cloudAddress, InstantSource.system());
    }

    /** As {@link #startCamera(InetSocketAddress)}, the camera's wall clock being {@code wallClock}. */
    private CameraIdentity startCamera(InetSocketAddress cloudAddress, InstantSource wallClock) throws IOException {
        LoopbackCamera started = LoopbackCamera.start(cloudAddress, new CameraStream(320, 240, 15), wallClock);
        camera = started.runner();
        cameraAddress = started.address();
        return started.identity();
    }

    @Test
    void aCameraFoundOnTheLanIsReachedWithNoCloudWhenTheCloudStaysSilent() throws Exception {
        InetSocketAddress silent = new InetSocketAddress("127.0.0.1", 9); // discard: nobody answers
        CameraIdentity identity = startCamera(silent);
        InetSocketAddress announced = cameraAddress;
        List<InetSocketAddress> proved = new CopyOnWriteArrayList<>();
        LanCameras lan = new LanCameras() {
            @Override
            public InetSocketAddress find(CameraId id) {
                return id.equals(identity.id()) ? announced : null;
            }

            @Override
            public void proved(CameraId id, InetSocketAddress address) {
                assertThat(id).isEqualTo(identity.id());
                proved.add(address);
            }
        };
        ConnectionSettings settings =
                new ConnectionSettings(silent, identity.id(), Password.of("pw"), "test", Duration.ofSeconds(20));
        try (CameraSupervisor supervisor =
                CameraSupervisor.start(settings, List.of(), lan, scheduler, quick, statuses::add)) {
            ConnectionStatus live = next(ConnectionState.LIVE);

            assertThat(live.noCloud()).isTrue();
            assertThat(live.pathLabel()).contains("LAN (no cloud)");
            assertThat(supervisor.connection()).isNotNull();
            assertThat(proved)
                    .as("the announcement that proved itself, told back")
                    .containsExactly(announced);
        }
    }

    @Test
    void aViewerNameLongerThanTheHelloCarriesIsShortenedAndTheCameraGoesLive() throws Exception {
        // The app names itself user@host: a 32-character Linux user name and a fully qualified host
        // name pass the hello's 64 bytes (docs/PROTOCOL.md §10.1) by far.
        String longName = "a".repeat(32) + "@" + "workstation-42.engineering.example-company.com";
        InetSocketAddress silent = new InetSocketAddress("127.0.0.1", 9);
        CameraIdentity identity = startCamera(silent);
        InetSocketAddress announced = cameraAddress;
        LanCameras lan = id -> id.equals(identity.id()) ? announced : null;
        ConnectionSettings settings =
                new ConnectionSettings(silent, identity.id(), Password.of("pw"), longName, Duration.ofSeconds(20));
        try (CameraSupervisor _ = CameraSupervisor.start(settings, List.of(), lan, scheduler, quick, statuses::add)) {
            assertThat(next(ConnectionState.LIVE).noCloud()).isTrue();
        }
    }

    @Test
    void aPasswordLongerThanAnyCameraAcceptsIsToldAtOnceNotLeftLookingUp() throws Exception {
        InetSocketAddress silent = new InetSocketAddress("127.0.0.1", 9);
        ConnectionSettings settings = new ConnectionSettings(
                silent,
                CameraIdentity.generate(new SecureRandom()).id(),
                Password.of("p".repeat(129)),
                "test",
                Duration.ofSeconds(20));
        try (CameraSupervisor _ =
                CameraSupervisor.start(settings, List.of(), LanCameras.NONE, scheduler, quick, statuses::add)) {
            ConnectionStatus refused = next(ConnectionState.WRONG_PASSWORD);

            assertThat(refused.detail()).contains("128 bytes");
            assertThat(refused.retryAtMillis())
                    .as("no retry: the same password would fail again")
                    .isZero();
        }
    }

    @Test
    void whatAnswersAtAForgedLanAnnouncementEndsThatAttemptOnlyAndTheCameraIsTriedAgain() throws Exception {
        InetSocketAddress silent = new InetSocketAddress("127.0.0.1", 9);
        CameraIdentity meant = CameraIdentity.generate(new SecureRandom());
        // Anyone on the LAN can announce any ID at any address (docs/PROTOCOL.md §10.8), and answer
        // a LOOKUP there with a key of its own.
        DatagramChannel forger =
                DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().start(() -> answerLookups(forger, CameraIdentity.generate(new SecureRandom())));
        InetSocketAddress forged = (InetSocketAddress) forger.getLocalAddress();
        List<LanBrowser.ConnectFailure> toldBack = new CopyOnWriteArrayList<>();
        LanCameras lan = new LanCameras() {
            @Override
            public InetSocketAddress find(CameraId id) {
                return id.equals(meant.id()) ? forged : null;
            }

            @Override
            public void failed(CameraId id, InetSocketAddress address, LanBrowser.ConnectFailure failure) {
                assertThat(id).isEqualTo(meant.id());
                assertThat(address).isEqualTo(forged);
                toldBack.add(failure);
            }
        };
        ConnectionSettings settings =
                new ConnectionSettings(silent, meant.id(), Password.of("pw"), "test", Duration.ofSeconds(20));
        try (CameraSupervisor _ = CameraSupervisor.start(settings, List.of(), lan, scheduler, quick, statuses::add)) {
            ConnectionStatus ended = Eventually.next(
                    "the LAN attempt's end",
                    Duration.ofSeconds(15),
                    statuses,
                    status -> status.retryAtMillis() != 0 || status.state() == ConnectionState.NOT_AUTHENTIC);

            // Unauthenticated, so not a verdict on the camera (as a cloud's lie is): the tile says
            // what happened and goes on trying, the cloud first.
            assertThat(ended.state()).isEqualTo(ConnectionState.UNREACHABLE);
            assertThat(ended.detail()).contains("on the LAN at " + forged, "is not camera " + meant.id());
            assertThat(ended.retryAtMillis()).isPositive();
            ConnectionStatus again = next(ConnectionState.LOOKING_UP);
            assertThat(again.attempt()).isEqualTo(2);
            assertThat(toldBack)
                    .as("told back, so that the camera's other announcements are tried first")
                    .containsExactly(LanBrowser.ConnectFailure.NOT_THE_CAMERA);
        } finally {
            forger.close();
        }
    }

    /** Answers every LOOKUP on {@code channel} with {@code pretender}'s key, until the channel closes. */
    private static void answerLookups(DatagramChannel channel, CameraIdentity pretender) {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                buffer.flip();
                byte[] datagram = new byte[buffer.remaining()];
                buffer.get(datagram);
                if (CloudCodec.decode(datagram) instanceof CloudMessage.Lookup lookup) {
                    channel.send(
                            ByteBuffer.wrap(CloudCodec.encode(
                                    new CloudMessage.LookupResult(lookup.transaction(), pretender.publicKey()))),
                            from);
                }
            } catch (IOException | CloudDecodeException e) {
                // closed, or not a cloud message: nothing to answer
            }
        }
    }

    @Test
    void withoutTheCameraOnTheLanASilentCloudIsWaitedForAsBefore() throws Exception {
        InetSocketAddress silent = new InetSocketAddress("127.0.0.1", 9);
        ConnectionSettings settings = settings(silent);
        try (CameraSupervisor _ =
                CameraSupervisor.start(settings, List.of(), id -> null, scheduler, quick, statuses::add)) {
            ConnectionStatus unreachable = next(ConnectionState.UNREACHABLE);

            assertThat(unreachable.noCloud()).isFalse();
            assertThat(statuses).noneMatch(status -> status.state() == ConnectionState.LIVE);
        }
    }

    private ConnectionStatus next(ConnectionState wanted) throws InterruptedException {
        return Eventually.next(
                "status " + wanted, Duration.ofSeconds(15), statuses, status -> status.state() == wanted);
    }

    @Test
    void aCameraThatRefusesOurClockLeavesTheTileSayingWhyAndTryingAgain() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        // The camera's clock runs 5 min ahead of ours: our handshakes are stale to it (PROTOCOL §10.1 step 3).
        InstantSource aheadBy5Minutes = InstantSource.offset(Clock.systemUTC(), Duration.ofMinutes(5));
        CameraIdentity identity = startCamera(cloud.udpAddress(), aheadBy5Minutes);
        ConnectionSettings settings = new ConnectionSettings(
                cloud.udpAddress(), identity.id(), Password.of("pw"), "test", Duration.ofSeconds(10));
        try (CameraSupervisor _ = CameraSupervisor.start(settings, scheduler, quick, statuses::add)) {
            ConnectionStatus refused = next(ConnectionState.REFUSED);

            assertThat(refused.detail()).contains("clock");
            assertThat(refused.retryScheduled()).as("the tile keeps trying").isTrue();
            assertThat(next(ConnectionState.LOOKING_UP).attempt()).isEqualTo(refused.attempt() + 1);
            assertThat(next(ConnectionState.REFUSED).attempt()).isEqualTo(refused.attempt() + 1);
        }
    }

    @Test
    void aWrongPasswordIsTriedAgainAfterTheLongWait() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        CameraIdentity identity = startCamera(cloud.udpAddress());
        ConnectionSettings settings = new ConnectionSettings(
                cloud.udpAddress(), identity.id(), Password.of("not pw"), "test", Duration.ofSeconds(10));
        Eventually.await(
                "the camera registered",
                Duration.ofSeconds(10),
                () -> cloud.metrics().camerasOnline() == 1);
        ManualScheduler manual = new ManualScheduler();
        try (CameraSupervisor _ = CameraSupervisor.start(settings, manual, quick, statuses::add)) {
            manual.runDue();
            assertThat(next(ConnectionState.WRONG_PASSWORD).retryScheduled()).isTrue();
            Eventually.await("the retry scheduled", Duration.ofSeconds(5), () -> manual.pending() == 1);

            assertThat(manual.advance(Duration.ofMillis(450)))
                    .as("not at the 200 ms backoff: the policy's refusal wait here is 500 ms")
                    .isZero();
            assertThat(manual.advance(Duration.ofMillis(50))).isEqualTo(1);
            assertThat(next(ConnectionState.LOOKING_UP).attempt()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownCameraIsOfflineAndTriedAgainOnItsOwn() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        try (CameraSupervisor _ =
                CameraSupervisor.start(settings(cloud.udpAddress()), scheduler, quick, statuses::add)) {
            next(ConnectionState.LOOKING_UP);
            ConnectionStatus offline = next(ConnectionState.OFFLINE);
            assertThat(offline.retryScheduled()).isTrue();
            assertThat(offline.attempt()).isEqualTo(1);
            assertThat(next(ConnectionState.LOOKING_UP).attempt()).isEqualTo(2);
            ConnectionStatus again = next(ConnectionState.OFFLINE);
            assertThat(again.attempt()).isEqualTo(2);
        }
    }

    @Test
    void aSecondCloudIsAskedWithinTheSameAttemptWhenTheFirstDoesNotAnswer() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        InetSocketAddress silent = new InetSocketAddress("127.0.0.1", 9); // discard: nobody answers
        ConnectionSettings settings = settings(silent);
        try (CameraSupervisor _ = CameraSupervisor.start(
                settings, List.of(silent, cloud.udpAddress()), scheduler, quick, statuses::add)) {
            // The first attempt asks the real cloud too (after 1.6 s), which knows the camera is not
            // there: offline, not unreachable, and well before the 5 s attempt deadline.
            ConnectionStatus offline = next(ConnectionState.OFFLINE);
            assertThat(offline.attempt()).isEqualTo(1);
            assertThat(statuses).noneMatch(status -> status.state() == ConnectionState.UNREACHABLE);
            assertThat(cloud.metrics().packetsIn()).isPositive();
        }
    }

    @Test
    void aLiveConnectionWhoseNetworkThreadDiesIsReportedLostAndConnectedAgain() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        CameraIdentity identity = startCamera(cloud.udpAddress());
        ConnectionSettings settings = new ConnectionSettings(
                cloud.udpAddress(), identity.id(), Password.of("pw"), "test", Duration.ofSeconds(10));
        try (CameraSupervisor supervisor = CameraSupervisor.start(settings, scheduler, quick, statuses::add)) {
            next(ConnectionState.LIVE);
            CameraConnection first = supervisor.connection();
            // Whatever kills a loop (here an Error no entry guard catches), the tile must not stay "Live".
            assertThat(first.onNetworkThread(v -> {
                        throw new AssertionError("simulated death of the network thread");
                    }))
                    .isTrue();
            ConnectionStatus lost = next(ConnectionState.UNREACHABLE);
            assertThat(lost.detail()).contains("stopped unexpectedly");
            next(ConnectionState.LIVE);
            assertThat(supervisor.connection()).isNotSameAs(first);
        }
    }

    @Test
    void closingStopsRetries() throws Exception {
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        ManualScheduler manual = new ManualScheduler();
        CameraSupervisor supervisor =
                CameraSupervisor.start(settings(cloud.udpAddress()), manual, quick, statuses::add);
        manual.runDue();
        next(ConnectionState.OFFLINE); // a retry is now scheduled
        Eventually.await("the retry scheduled", Duration.ofSeconds(5), () -> manual.pending() == 1);

        supervisor.close();
        statuses.clear();
        manual.advance(Duration.ofMinutes(5)); // far past any retry the policy could ask for

        assertThat(manual.pending()).isZero();
        assertThat(statuses).isEmpty();
        assertThat(supervisor.connection()).isNull();
        assertThat(supervisor.status().state()).isEqualTo(ConnectionState.STOPPED);
    }

    @Test
    void retryNowLeavesTheConnectingToTheScheduler() throws Exception {
        // The Retry button calls this on the FX thread: naming the cloud (DNS) and opening a socket
        // must happen on the scheduler, never on the caller.
        cloud = CloudServer.start(CloudServerSettings.loopbackEphemeral());
        ManualScheduler manual = new ManualScheduler();
        try (CameraSupervisor supervisor =
                CameraSupervisor.start(settings(cloud.udpAddress()), manual, quick, statuses::add)) {
            supervisor.retryNow();

            assertThat(supervisor.connection())
                    .as("no connection opened on the caller's thread")
                    .isNull();
            assertThat(statuses).as("no attempt started on the caller's thread").isEmpty();

            manual.runDue();
            assertThat(supervisor.connection()).isNotNull();
            assertThat(next(ConnectionState.LOOKING_UP).attempt()).isEqualTo(1);
        }
    }
}
