package io.p2pcam.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.ManualScheduler;
import io.p2pcam.viewer.cameras.CameraList;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.CloudChoice;
import io.p2pcam.viewer.config.CloudHost;
import io.p2pcam.viewer.config.CloudPassStore;
import io.p2pcam.viewer.config.ConfigStore;
import io.p2pcam.viewer.config.SettingsChoice;
import io.p2pcam.viewer.engine.audio.AudioDevices;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import io.p2pcam.viewer.engine.decode.HwAccel;
import io.p2pcam.viewer.engine.record.CaptureDirectories;
import io.p2pcam.viewer.engine.record.CaptureFileNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main window's model, driven directly: which clouds tiles use, the hosted cloud's life, the
 * password leaving the config once paired, the status line, and nothing network-bound on the
 * caller's (UI) thread. Connections are real supervisors on a scheduler nobody runs.
 */
class MainViewModelTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path configDirectory;

    @TempDir
    Path captureDirectory;

    private final ManualScheduler retries = new ManualScheduler();
    private final List<Started> started = new ArrayList<>();
    private final ArrayDeque<Runnable> background = new ArrayDeque<>();
    private final FakeHost host = new FakeHost();
    private final KeyPair viewerKey = KeyPair.generate(RANDOM);
    private final List<HwAccel> decoders = new ArrayList<>();
    private int typeListings;
    private CloudPassStore passes;
    private MainViewModel model;

    private record Started(
            ConnectionSettings settings, List<InetSocketAddress> clouds, CameraSupervisor.Listener listener) {}

    /** A hosted cloud that binds nothing and counts how often its interfaces were listed. */
    private static final class FakeHost implements CloudHost {
        boolean portTaken;
        int listings;
        int closed;
        List<String> addresses = List.of("192.0.2.10:32100");

        @Override
        public Hosted start(int port) throws IOException {
            if (portTaken) {
                throw new BindException("Address already in use");
            }
            return new Hosted() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public InetSocketAddress loopbackAddress() {
                    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                }

                @Override
                public List<String> addressesForCameras() {
                    listings++;
                    return addresses;
                }

                @Override
                public void close() {
                    closed++;
                }
            };
        }
    }

    @AfterEach
    void close() {
        if (model != null) {
            model.closeTiles().join();
            model.close();
        }
    }

    private MainViewModel open(CameraList cameras) {
        try {
            passes = CloudPassStore.load(configDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Executor backgroundQueue = background::add;
        MainViewModel.Services services = new MainViewModel.Services(
                (settings, clouds, listener) -> {
                    started.add(new Started(settings, clouds, listener));
                    return CameraSupervisor.start(settings, clouds, retries, RetryPolicy.DEFAULT, listener);
                },
                host,
                new CaptureFileNames(
                        new CaptureDirectories(captureDirectory, captureDirectory), Clock.systemDefaultZone()),
                Executors.newSingleThreadExecutor(),
                Runnable::run,
                backgroundQueue,
                viewerKey,
                passes,
                AudioDevices.NONE,
                decoders::add,
                () -> {
                    typeListings++;
                    return List.of("vaapi", "cuda", "vulkan");
                });
        model = new MainViewModel(cameras, services);
        return model;
    }

    private CameraList cameraList(CloudChoice cloud, CameraEntry... entries) {
        CameraList cameras = new CameraList(new ConfigStore(configDirectory));
        cameras.update(cameras.config().withCloud(cloud).withCameras(List.of(entries)));
        return cameras;
    }

    private static CameraEntry camera(String name, String password) {
        return new CameraEntry(CameraIdentity.generate(RANDOM).id(), name, Password.of(password));
    }

    private void runBackground() {
        while (!background.isEmpty()) {
            background.poll().run();
        }
    }

    @Test
    void tilesConnectThroughTheConfiguredCloudsInOrderWithThisInstallationsKeyAndNoDns() {
        CameraEntry door = camera("door", "correct horse");
        open(cameraList(new CloudChoice(List.of("cloud-a.example:4000", "cloud-b.example"), false, 32100), door));

        Started tile = started.getFirst();
        assertThat(tile.clouds())
                .extracting(InetSocketAddress::getHostString, InetSocketAddress::getPort)
                .containsExactly(tuple("cloud-a.example", 4000), tuple("cloud-b.example", CloudChoice.DEFAULT_PORT));
        assertThat(tile.clouds()).allMatch(InetSocketAddress::isUnresolved);
        assertThat(tile.settings().camera()).isEqualTo(door.id());
        assertThat(tile.settings().password()).isEqualTo(Password.of("correct horse"));
        assertThat(tile.settings().viewerKey()).isSameAs(viewerKey);
        assertThat(tile.settings().timeout()).isEqualTo(MainViewModel.CONNECT_TIMEOUT);
    }

    @Test
    void aCloudServerThatCannotBeParsedIsSkippedWithANotice() {
        open(cameraList(
                new CloudChoice(List.of("good.example", "cloud.example:notaport"), false, 32100), camera("a", "")));

        assertThat(model.clouds()).extracting(InetSocketAddress::getHostString).containsExactly("good.example");
        assertThat(model.noticeProperty().get()).startsWith("Ignoring cloud server cloud.example:notaport");
    }

    @Test
    void theHostedCloudComesFirstAndItsAddressesAreListedOffTheCallersThread() {
        open(cameraList(new CloudChoice(List.of("cloud.example"), true, 40000), camera("a", "")));

        assertThat(model.clouds().getFirst()).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000));
        assertThat(model.clouds()).hasSize(2);
        assertThat(host.listings).as("interfaces listed on the UI thread").isZero();
        assertThat(model.statusProperty().get()).startsWith("Cloud hosted on this PC: 127.0.0.1:40000");

        runBackground();

        assertThat(host.listings).isEqualTo(1);
        assertThat(model.statusProperty().get()).startsWith("Cloud hosted on this PC: 192.0.2.10:32100");
        assertThat(model.hostedAddresses()).contains(List.of("192.0.2.10:32100"));
    }

    @Test
    void aHostedCloudThatCannotBindSaysWhyAndTilesUseTheOtherClouds() {
        host.portTaken = true;
        open(cameraList(new CloudChoice(List.of("cloud.example"), true, 40000), camera("a", "")));

        assertThat(model.noticeProperty().get())
                .isEqualTo("Cannot host the cloud on UDP port 40000: Address already in use");
        assertThat(model.clouds()).extracting(InetSocketAddress::getHostString).containsExactly("cloud.example");
        assertThat(model.hostedAddresses()).isEmpty();
    }

    @Test
    void changingTheCloudSavesItStopsTheHostedCloudAndReconnectsEveryTileThroughTheNewOne() {
        CameraList cameras = cameraList(new CloudChoice(List.of(), true, 40000), camera("a", ""), camera("b", ""));
        open(cameras);

        model.changeCloud(new CloudChoice(List.of("new.example"), false, 40000));

        assertThat(host.closed).isEqualTo(1);
        assertThat(new ConfigStore(configDirectory).load().cloud().servers()).containsExactly("new.example");
        assertThat(started).hasSize(4);
        assertThat(started.subList(2, 4))
                .allSatisfy(tile -> assertThat(tile.clouds())
                        .extracting(InetSocketAddress::getHostString)
                        .containsExactly("new.example"));
    }

    @Test
    void savingSettingsWithTheSameCloudKeepsEveryTileConnected() {
        CloudChoice cloud = new CloudChoice(List.of("cloud.example"), false, 32100);
        open(cameraList(cloud, camera("a", "")));

        model.changeSettings(new SettingsChoice(cloud, HwAccel.AUTO));

        assertThat(started).hasSize(1);
    }

    @Test
    void theSavedDecodingChoiceIsAppliedAtStartUnlessTheCommandLineGaveOneForThisRun() {
        CameraList cameras = cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), camera("a", ""));
        cameras.update(cameras.config().withHwaccel(HwAccel.OFF));
        open(cameras);

        model.decoding().start(Optional.empty());
        assertThat(decoders).containsExactly(HwAccel.OFF);

        model.decoding().start(Optional.of(HwAccel.parse("vaapi")));
        assertThat(decoders).containsExactly(HwAccel.OFF, HwAccel.parse("vaapi"));
        assertThat(new ConfigStore(configDirectory).load().hwaccel())
                .as("--hwaccel is for this run only")
                .isEqualTo(HwAccel.OFF);
    }

    @Test
    void aNewDecodingChoiceIsSavedAndUsedByConnectionsFromNowOnWithoutReconnectingTiles() {
        CloudChoice cloud = new CloudChoice(List.of("cloud.example"), false, 32100);
        open(cameraList(cloud, camera("a", ""), camera("b", "")));
        model.decoding().start(Optional.empty());

        model.changeSettings(new SettingsChoice(cloud, HwAccel.parse("cuda")));

        assertThat(decoders).containsExactly(HwAccel.AUTO, HwAccel.parse("cuda"));
        assertThat(model.decoding().inUse()).isEqualTo(HwAccel.parse("cuda"));
        assertThat(new ConfigStore(configDirectory).load().hwaccel()).isEqualTo(HwAccel.parse("cuda"));
        assertThat(started).as("tiles playing keep their decoder").hasSize(2);
        assertThat(model.noticeProperty().get()).isEqualTo("Hardware decoding: cuda, for cameras as they connect");

        model.changeSettings(new SettingsChoice(cloud, HwAccel.parse("cuda")));
        assertThat(decoders).as("the same choice again changes nothing").hasSize(2);
    }

    @Test
    void theDeviceTypesAreListedOnceAndOffTheCallersThread() {
        open(cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), camera("a", "")));

        model.decoding().listDeviceTypes();
        model.decoding().listDeviceTypes();
        assertThat(typeListings).as("FFmpeg loads on the background executor").isZero();
        assertThat(model.decoding().deviceTypes()).isEmpty();

        runBackground();

        assertThat(typeListings).isEqualTo(1);
        assertThat(model.decoding().deviceTypes()).containsExactly("vaapi", "cuda", "vulkan");
    }

    @Test
    void oncePairedThePasswordLeavesTheConfigFileButTheTileKeepsItsConnection() {
        CameraEntry door = camera("door", "correct horse");
        CameraList cameras = cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), door);
        open(cameras);

        started.getFirst().listener().paired(true);

        assertThat(new ConfigStore(configDirectory).load().cameras()).containsExactly(door.withoutPassword());
        assertThat(started).hasSize(1);
        assertThat(model.grid().tiles()).hasSize(1);
    }

    @Test
    void aCloudPassTheCameraGivesIsKeptOwnerOnlyAndPresentedAfterARestart() throws Exception {
        CameraEntry door = camera("door", "s3cret");
        open(cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), door));
        assertThat(started.getFirst().settings().pass()).isEqualTo(CloudPass.NONE);
        CloudPass pass = CloudPass.issue(Bytes.of(new byte[16]), Bytes.of(viewerKey.publicKey()));

        started.getFirst().listener().cloudPass(pass);
        assertThat(CloudPassStore.load(configDirectory).get(door.id()))
                .as("saved off the UI thread")
                .isEqualTo(CloudPass.NONE);
        while (!background.isEmpty()) {
            background.poll().run();
        }

        model.closeTiles().join();
        model.close();
        started.clear();
        open(cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), door));
        assertThat(started.getFirst().settings().pass()).isEqualTo(pass);
        if (configDirectory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(configDirectory.resolve(CloudPassStore.FILE_NAME))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void theStatusLineCountsLiveTilesAndCameras() {
        open(cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), camera("a", ""), camera("b", "")));
        CameraSupervisor.Listener first = started.getFirst().listener();

        first.statusChanged(ConnectionStatus.starting(1).with(ConnectionState.LIVE));
        model.refreshStatus();

        assertThat(model.statusProperty().get())
                .isEqualTo("Cloud: cloud.example   ·   1 of 2 on screen live   ·   2 cameras");
    }

    @Test
    void actionsWithoutAPickedCameraSayWhatToDo() {
        open(cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), camera("a", ""), camera("b", "")));

        model.snapshot();
        assertThat(model.noticeProperty().get()).isEqualTo("Click a camera first, then take the snapshot");
        model.toggleRecording();
        assertThat(model.noticeProperty().get()).isEqualTo("Click a camera first, then record");
    }

    @Test
    void theViewerIsNamedFromTheEnvironmentUntilTheHostNameIsLookedUpInTheBackground() throws IOException {
        String user = System.getProperty("user.name");
        String fromEnvironment = user + "@"
                + Optional.ofNullable(System.getenv("HOSTNAME"))
                        .or(() -> Optional.ofNullable(System.getenv("COMPUTERNAME")))
                        .orElse("pc");
        open(cameraList(new CloudChoice(List.of("cloud.example"), false, 32100), camera("a", "")));
        assertThat(started.getFirst().settings().viewerName()).isEqualTo(fromEnvironment);

        runBackground();
        model.grid().reconnectAll();

        assertThat(started.getLast().settings().viewerName())
                .isEqualTo(user + "@" + InetAddress.getLocalHost().getHostName());
    }

    @Test
    void aDamagedViewerJsonIsNamedInOneLineTheUserSeesAtStartWithWhereItIsKept() throws IOException {
        Path file = configDirectory.resolve("viewer.json");
        Files.writeString(file, "{\"version\":1,\"cameras\":[{\"id\":");
        open(new CameraList(new ConfigStore(configDirectory)));

        assertThat(model.noticeProperty().get())
                .contains(file.toString(), "viewer.json.broken")
                .doesNotContain("\n");
        assertThat(Files.readString(configDirectory.resolve("viewer.json.broken")))
                .isEqualTo("{\"version\":1,\"cameras\":[{\"id\":");
    }

    @Test
    void aDirectoryInPlaceOfViewerJsonIsNamedAtStartAndKept() throws IOException {
        Path file = Files.createDirectory(configDirectory.resolve("viewer.json"));
        open(new CameraList(new ConfigStore(configDirectory)));

        assertThat(model.noticeProperty().get())
                .contains(file.toString(), "it is a directory")
                .doesNotContain("\n");
        assertThat(file).isDirectory();
    }

    @Test
    void aSaveThatFailsSaysWhyInPlainWordsNotWithATemporaryFilesPath() throws IOException {
        Path notAFolder = configDirectory.resolve("p2pcam");
        CameraList cameras = openWithAFileForItsFolder(notAFolder);

        cameras.put(camera("door", "pw"));

        String notice = model.noticeProperty().get();
        String file = notAFolder.resolve("viewer.json").toString();
        assertThat(notice)
                .startsWith("Cannot save your cameras to " + file + ": ")
                .contains("a file is in the way at " + notAFolder)
                .endsWith("; changes last only until the viewer closes")
                .doesNotContain("\n");
        assertThat(notice.split(Pattern.quote(file), -1))
                .as("the file named once")
                .hasSize(2);
        assertThat(cameras.cameras()).as("the change stays for this run").hasSize(1);
    }

    @Test
    void everySaveThatFailsIsToldAgainEvenWhenAnotherNoticeCameBetween() throws IOException {
        // A read-only config folder fails every save the same way: a notice shown since (no sound
        // device, a snapshot saved) must not hide that the next change is not saved either.
        CameraList cameras = openWithAFileForItsFolder(configDirectory.resolve("p2pcam"));
        cameras.put(camera("door", "pw"));
        String failure = model.noticeProperty().get();
        model.showNotice("Snapshot saved");

        cameras.put(camera("yard", "pw"));

        assertThat(model.noticeProperty().get()).isEqualTo(failure);
    }

    /** The model open on a camera list whose config folder is a file: nothing can be written below it. */
    private CameraList openWithAFileForItsFolder(Path folder) throws IOException {
        CameraList cameras = new CameraList(new ConfigStore(Files.writeString(folder, "x")));
        open(cameras);
        return cameras;
    }
}
