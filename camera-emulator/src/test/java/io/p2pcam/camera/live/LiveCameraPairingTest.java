package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.camera.media.EncoderException;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.camera.pairing.PairingFile;
import io.p2pcam.camera.pairing.RunningMark;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.endpoint.ViewerEndpoint;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real camera (sockets, encoder, state directory) admits a viewer first and writes its pairing
 * after (docs/PROTOCOL.md §10.1, decision 0030): the viewer's first picture does not wait for the
 * disk, a failed write costs no session, and in the normal case the pairing is on disk when the
 * camera restarts. The viewer comes straight from the LAN (§10.8): the camera's cloud never answers.
 */
@Tag("realtime")
class LiveCameraPairingTest {
    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 15);
    private static final String PASSWORD = "pairing write test";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final SecureRandom random = new SecureRandom();
    private final CameraIdentity identity = CameraIdentity.generate(random);
    private final KeyPair viewerKey = KeyPair.generate(random);
    private final List<AutoCloseable> running = new ArrayList<>();

    @TempDir
    Path stateDir;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running.reversed()) {
            closeable.close();
        }
    }

    /** A journal whose saves wait until the test releases them, or fail. */
    private static final class FakeDisk implements PairingStore.Journal {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<PairingStore.Snapshot> saved = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final boolean fails;

        FakeDisk(boolean fails) {
            this.fails = fails;
        }

        @Override
        public void save(PairingStore.Snapshot snapshot) throws PairingStoreException {
            attempts.incrementAndGet();
            entered.countDown();
            if (fails) {
                throw new PairingStoreException("disk full", new IOException("No space left on device"));
            }
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            saved.add(snapshot);
        }
    }

    private LiveCamera startCamera(PairingStore.Journal sink) throws IOException, EncoderException {
        EncoderLoop encoder = LanCamera.encoder(FORMAT, null);
        LiveCamera.Settings settings = LanCamera.settings(identity, PASSWORD, stateDir);
        LiveCamera camera = sink == null
                ? LiveCamera.start(settings, FORMAT, encoder, event -> {})
                : LiveCamera.start(settings, FORMAT, encoder, event -> {}, sink);
        running.add(camera);
        return camera;
    }

    /** A viewer with {@link #viewerKey} connecting straight to {@code camera}, asking to pair. */
    private BlockingQueue<ViewerEvent> connect(LiveCamera camera, Password password) throws IOException {
        BlockingQueue<ViewerEvent> events = new LinkedBlockingQueue<>();
        UdpEndpointRunner<ViewerEndpoint> runner =
                LanViewer.connect(camera, identity.id(), password, "pairing test", viewerKey, true, events);
        running.add(() -> runner.close(endpoint -> endpoint.close(UdpEndpointRunner.now())));
        return events;
    }

    private static void awaitLive(BlockingQueue<ViewerEvent> events) throws InterruptedException {
        Eventually.next("the viewer live", WAIT, events, event -> {
            if (event instanceof ViewerEvent.Failed failed) {
                throw new AssertionError("the connect failed: " + failed);
            }
            return event instanceof ViewerEvent.Live;
        });
    }

    private static void awaitKeyframe(BlockingQueue<ViewerEvent> events) throws InterruptedException {
        Eventually.next(
                "a keyframe",
                WAIT,
                events,
                event -> event instanceof ViewerEvent.Video(DepacketizerEvent.AccessUnit unit) && unit.keyframe());
    }

    private boolean paired(List<PairingStore.Snapshot> snapshots) {
        return snapshots.stream()
                .flatMap(snapshot -> snapshot.pairings().stream())
                .anyMatch(pairing -> pairing.viewerKey().equals(Bytes.of(viewerKey.publicKey())));
    }

    @Test
    void aStartThatFailsLetsGoOfTheStateDirectoryForTheNextStart() throws Exception {
        Path viewers = stateDir.resolve(PairingFile.FILE_NAME);
        Files.writeString(viewers, "paired not-a-key\n");
        EncoderLoop encoder = LanCamera.encoder(FORMAT, null);
        running.add(encoder::close); // a failed start leaves what it was given to its caller

        assertThatThrownBy(() -> LiveCamera.start(
                        LanCamera.settings(identity, PASSWORD, stateDir), FORMAT, encoder, event -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not parse");

        Files.delete(viewers); // the owner moves the damaged file away and starts the camera again
        LiveCamera camera = startCamera(null);
        awaitLive(connect(camera, Password.of(PASSWORD)));
    }

    @Test
    void aViewerIsLiveAndHasItsKeyframeWhileItsPairingIsStillBeingWritten() throws Exception {
        FakeDisk disk = new FakeDisk(false);
        LiveCamera camera = startCamera(disk);

        BlockingQueue<ViewerEvent> viewer = connect(camera, Password.of(PASSWORD));
        awaitLive(viewer);
        awaitKeyframe(viewer);

        assertThat(disk.entered.await(10, TimeUnit.SECONDS))
                .as("the pairing's write began")
                .isTrue();
        assertThat(disk.saved).as("and has not ended").isEmpty();
        disk.release.countDown();
        Eventually.await("the pairing written", WAIT, () -> paired(disk.saved));
    }

    @Test
    void aPairingThatCannotBeWrittenCostsNoSessionAndHoldsWhileTheCameraRuns() throws Exception {
        FakeDisk disk = new FakeDisk(true);
        LiveCamera camera = startCamera(disk);

        BlockingQueue<ViewerEvent> first = connect(camera, Password.of(PASSWORD));
        awaitLive(first);
        Eventually.await("the write tried and failed", WAIT, () -> disk.attempts.get() >= 1);
        awaitKeyframe(first);
        for (int picture = 0; picture < 10; picture++) { // the session goes on
            Eventually.next(
                    "picture " + picture,
                    WAIT,
                    first,
                    event -> event instanceof ViewerEvent.Video(DepacketizerEvent.AccessUnit _));
        }
        running.removeLast().close(); // the viewer leaves

        BlockingQueue<ViewerEvent> again = connect(camera, Password.NONE); // by its key alone
        awaitLive(again);
    }

    @Test
    void aPairedViewerComesBackWithoutItsPasswordAfterTheCameraRestarts() throws Exception {
        LiveCamera camera = startCamera(null);
        BlockingQueue<ViewerEvent> first = connect(camera, Password.of(PASSWORD));
        awaitLive(first);
        running.removeLast().close();
        camera.close();
        running.remove(camera);
        assertThat(new PairingFile(stateDir).load().pairings())
                .extracting(PairingStore.Pairing::viewerKey)
                .containsExactly(Bytes.of(viewerKey.publicKey()));

        LiveCamera restarted = startCamera(null);
        BlockingQueue<ViewerEvent> again = connect(restarted, Password.NONE);
        awaitLive(again);
        awaitKeyframe(again);
    }

    @Test
    void aCameraThatCrashedRefusesPairedRequestsMadeBeforeItStartedAndAnOrderlyStopSaysSo() throws Exception {
        Bytes key = Bytes.of(viewerKey.publicKey());
        long markBeforeTheCrash = Tai64n.epochNanos(Instant.now().minus(Duration.ofHours(1)));
        new PairingFile(stateDir)
                .save(new PairingStore.Snapshot(
                        List.of(new PairingStore.Pairing(key, "laptop", 0, markBeforeTheCrash)), Map.of()));
        Files.createFile(stateDir.resolve(RunningMark.FILE_NAME)); // left by a run that never stopped
        long beforeTheStart = Tai64n.epochNanos(Instant.now());

        LiveCamera camera = startCamera(null);

        Eventually.await("the raised mark on disk", WAIT, () -> markOnDisk() >= beforeTheStart);
        BlockingQueue<ViewerEvent> live = connect(camera, Password.NONE); // made now: still by its key alone
        awaitLive(live);
        running.removeLast().close();
        camera.close();
        running.remove(camera);
        assertThat(stateDir.resolve(RunningMark.FILE_NAME)).doesNotExist();
    }

    @Test
    void aCameraThatStoppedInAnOrderlyWayKeepsItsViewersMarks() throws Exception {
        Bytes key = Bytes.of(viewerKey.publicKey());
        long mark = Tai64n.epochNanos(Instant.now().minus(Duration.ofHours(1)));
        new PairingFile(stateDir)
                .save(new PairingStore.Snapshot(List.of(new PairingStore.Pairing(key, "laptop", 0, mark)), Map.of()));

        LiveCamera camera = startCamera(null);
        assertThat(stateDir.resolve(RunningMark.FILE_NAME)).exists();
        camera.close();
        running.remove(camera);

        assertThat(markOnDisk()).isEqualTo(mark);
        assertThat(stateDir.resolve(RunningMark.FILE_NAME)).doesNotExist();
    }

    private long markOnDisk() {
        try {
            return new PairingFile(stateDir).load().pairings().getFirst().highWaterNanos();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
