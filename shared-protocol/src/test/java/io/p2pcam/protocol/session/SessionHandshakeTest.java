package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.HandshakeEnvelope;
import io.p2pcam.protocol.pairing.HandshakeRefusal;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SessionHandshakeTest {
    private static final List<Candidate> CANDIDATES =
            List.of(Candidate.local(new InetSocketAddress(InetAddress.getLoopbackAddress(), 4000)));
    private final SecureRandom random = new SecureRandom();
    private final FakeWallClock wall = new FakeWallClock();
    private final CameraIdentity camera = CameraIdentity.generate(random);
    private final AtomicReference<PairingStore.Snapshot> journal = new AtomicReference<>(PairingStore.Snapshot.empty());
    private final KeyPair viewerKey = KeyPair.generate(random);
    private CameraHandshake cameraSide = startCamera();
    private final InetAddress viewerAddress = InetAddress.getLoopbackAddress();

    /** A camera process (again): its pairings come from what the last one journaled. */
    private CameraHandshake startCamera() {
        return startCamera(UnpairedBudget.Limits.DEFAULTS);
    }

    private CameraHandshake startCamera(UnpairedBudget.Limits limits) {
        PairingStore store = new PairingStore(camera.noiseStaticKey(), journal.get(), journal::set);
        return new CameraHandshake(
                camera, new CameraHandshake.Access(Password.of("s3cret"), store, limits, wall), random, 0);
    }

    private ViewerHandshake viewer(KeyPair key, String password) {
        wall.advanceMillis(1);
        return new ViewerHandshake(
                camera.id(),
                camera.publicKey(),
                key,
                new ViewerHello(7, true, CANDIDATES, Password.of(password), "test viewer"),
                Tai64n.epochNanos(wall.instant()),
                random);
    }

    private ViewerHandshake viewer(String password) {
        return viewer(KeyPair.generate(random), password);
    }

    private CameraHandshake.Answer answer(ViewerHandshake viewer, InetAddress from, long now) throws SessionException {
        return cameraSide.answer(
                viewer.firstMessage(),
                from,
                now,
                hello -> new CameraWelcome(Verdict.ADMITTED, false, 99, 1280, 720, 30, 0, CANDIDATES));
    }

    private CameraHandshake.Answer answer(ViewerHandshake viewer, long now) throws SessionException {
        return answer(viewer, viewerAddress, now);
    }

    private static InetAddress address(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, (byte) (n >> 8), (byte) n});
    }

    @Test
    void theRightPasswordAdmitsAndPairsTheViewerAndBothEndsShareKeys() throws Exception {
        ViewerHandshake viewer = viewer(viewerKey, "s3cret");
        CameraHandshake.Answer answer = answer(viewer, 0);
        assertThat(answer.admitted()).isTrue();
        assertThat(answer.paired()).isTrue();
        assertThat(answer.hello())
                .isEqualTo(new ViewerHello(7, true, CANDIDATES, Password.of("s3cret"), "test viewer"));
        ViewerHandshake.Outcome outcome = viewer.finish(answer.secondMessage());
        assertThat(outcome.admitted()).isTrue();
        assertThat(outcome.welcome())
                .isEqualTo(new CameraWelcome(Verdict.ADMITTED, true, 99, 1280, 720, 30, 0, CANDIDATES));
        byte[] sealed = outcome.keys().sending().encryptWithNonce(0, new byte[0], new byte[] {42});
        assertThat(answer.keys().receiving().decryptWithNonce(0, new byte[0], sealed))
                .containsExactly(42);
        assertThat(journal.get().pairings())
                .extracting(PairingStore.Pairing::viewerKey)
                .containsExactly(Bytes.of(viewerKey.publicKey()));
    }

    @Test
    void aPairedViewersWelcomeCarriesItsCloudPassAndOnlyAPairedOnesDoes() throws Exception {
        Bytes cameraPassKey = Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        Function<ViewerHello, CameraWelcome> welcome =
                hello -> new CameraWelcome(Verdict.ADMITTED, false, 99, 1280, 720, 30, 0, CANDIDATES);
        ViewerHandshake pairing = viewer(viewerKey, "s3cret");
        CameraWelcome paired = pairing.finish(cameraSide
                        .answer(pairing.firstMessage(), viewerAddress, 0, welcome, cameraPassKey)
                        .secondMessage())
                .welcome();
        assertThat(paired.pass())
                .isEqualTo(CloudPass.issue(cameraPassKey, Bytes.of(viewerKey.publicKey())))
                .matches(CloudPass::present);

        ViewerHandshake oneOff = new ViewerHandshake(
                camera.id(),
                camera.publicKey(),
                KeyPair.generate(random),
                new ViewerHello(7, false, CANDIDATES, Password.of("s3cret"), "probe"),
                Tai64n.epochNanos(wall.instant()) + 1,
                random);
        CameraWelcome unpaired = oneOff.finish(cameraSide
                        .answer(oneOff.firstMessage(), viewerAddress, 0, welcome, cameraPassKey)
                        .secondMessage())
                .welcome();
        assertThat(unpaired.paired()).isFalse();
        assertThat(unpaired.pass()).isEqualTo(CloudPass.NONE);

        ViewerHandshake again = viewer(viewerKey, "");
        assertThat(again.finish(answer(again, 1_000).secondMessage()).welcome().pass())
                .as("no pass key from the cloud, no pass")
                .isEqualTo(CloudPass.NONE);
    }

    @Test
    void aWelcomeWithoutAPassReadsAsNoneAndAPassTakesItsTwentyFourBytes() throws Exception {
        // Fewer than 24 bytes after the candidates are no pass but the stream list (decision 0044,
        // CameraWelcomeStreamsTest), no longer bytes to ignore.
        CameraWelcome plain = new CameraWelcome(Verdict.ADMITTED, true, 99, 1280, 720, 30, 0, CANDIDATES);
        CloudPass pass = CloudPass.issue(Bytes.of(new byte[16]), Bytes.of(viewerKey.publicKey()));
        CameraWelcome withPass = plain.withPairing(true, pass);
        byte[] wire = withPass.encode();
        assertThat(wire).hasSize(plain.encode().length + 24);
        assertThat(CameraWelcome.decode(wire)).isEqualTo(withPass);
        assertThat(CameraWelcome.decode(plain.encode())).isEqualTo(plain);
    }

    @Test
    void aPairedViewerIsAdmittedByItsKeyAloneEvenAfterARestart() throws Exception {
        answer(viewer(viewerKey, "s3cret"), 0);
        cameraSide = startCamera();
        CameraHandshake.Answer answer = answer(viewer(viewerKey, ""), 1_000);
        assertThat(answer.admitted()).isTrue();
        assertThat(answer.paired()).isTrue();
    }

    @Test
    void anUnknownViewerWithoutAPasswordIsAskedForIt() throws Exception {
        CameraHandshake.Answer answer = answer(viewer(""), 0);
        assertThat(answer.verdict()).isEqualTo(Verdict.PASSWORD_NEEDED);
    }

    @Test
    void aViewerThatDoesNotAskToPairIsAdmittedButNotKept() throws Exception {
        wall.advanceMillis(1);
        ViewerHandshake viewer = new ViewerHandshake(
                camera.id(),
                camera.publicKey(),
                viewerKey,
                new ViewerHello(7, false, CANDIDATES, Password.of("s3cret"), "probe"),
                Tai64n.epochNanos(wall.instant()),
                random);
        CameraHandshake.Answer answer = answer(viewer, 0);
        assertThat(answer.admitted()).isTrue();
        assertThat(answer.paired()).isFalse();
        assertThat(journal.get().pairings()).isEmpty();
    }

    @Test
    void thePasswordNeverTravelsInTheClear() {
        ViewerHandshake viewer = viewer("s3cret-and-long-enough-to-find");
        String wire = new String(viewer.firstMessage().toArray(), StandardCharsets.ISO_8859_1);
        assertThat(wire).doesNotContain("s3cret");
    }

    @Test
    void aWrongPasswordIsRefusedAndTheViewerLearnsWhy() throws Exception {
        ViewerHandshake viewer = viewer("guess");
        CameraHandshake.Answer answer = answer(viewer, 0);
        assertThat(answer.verdict()).isEqualTo(Verdict.WRONG_PASSWORD);
        assertThat(answer.keys()).isNull();
        ViewerHandshake.Outcome outcome = viewer.finish(answer.secondMessage());
        assertThat(outcome.admitted()).isFalse();
        assertThat(outcome.welcome().verdict()).isEqualTo(Verdict.WRONG_PASSWORD);
    }

    @Test
    void afterFiveWrongPasswordsUnpairedViewersWaitBeforeTheCameraReadsThem() throws Exception {
        for (int i = 0; i < 6; i++) {
            assertThat(answer(viewer("guess" + i), address(i), i * 600L).verdict())
                    .isEqualTo(Verdict.WRONG_PASSWORD);
        }
        CameraHandshake.Answer waiting = answer(viewer("s3cret"), address(100), 3_500);
        assertThat(waiting.refusal()).isEqualTo(new HandshakeRefusal(HandshakeRefusal.Reason.THROTTLED, 1));
        assertThat(answer(viewer("s3cret"), address(101), 4_000).admitted()).isTrue();
    }

    @Test
    void aReplayedFirstMessageIsRefusedBeforeAnyKeyWork() throws Exception {
        ViewerHandshake viewer = viewer("guess");
        answer(viewer, 0);
        CameraHandshake.Answer replay = answer(viewer, 1);
        assertThat(replay.refusal()).isEqualTo(HandshakeRefusal.stale());
        assertThat(viewer.finish(replay.secondMessage()).refusal()).isEqualTo(HandshakeRefusal.stale());
    }

    @Test
    void aRecordedPairingMessageReplayedAfterARestartIsRefused() throws Exception {
        ViewerHandshake viewer = viewer(viewerKey, "s3cret");
        assertThat(answer(viewer, 0).admitted()).isTrue();
        cameraSide = startCamera();
        assertThat(answer(viewer, 10).refusal()).isEqualTo(HandshakeRefusal.stale());
    }

    @Test
    void aRecordedPairingMessageReplayedAfterTheViewerIsRevokedIsRefused() throws Exception {
        ViewerHandshake viewer = viewer(viewerKey, "s3cret");
        assertThat(answer(viewer, 0).admitted()).isTrue();
        cameraSide.pairings().revoke(Bytes.of(viewerKey.publicKey()));
        cameraSide = startCamera();
        assertThat(answer(viewer, 10).refusal()).isEqualTo(HandshakeRefusal.stale());
    }

    @Test
    void aFirstMessageOlderThanTheWindowIsRefused() throws Exception {
        ViewerHandshake viewer = viewer("s3cret");
        wall.advanceMillis(121_000);
        assertThat(answer(viewer, 0).refusal()).isEqualTo(HandshakeRefusal.stale());
    }

    @Test
    void aStrangersFloodDoesNotSlowAPairedViewer() throws Exception {
        answer(viewer(viewerKey, "s3cret"), 0);
        int throttled = 0;
        for (int i = 0; i < 200; i++) {
            CameraHandshake.Answer answer = answer(viewer("guess" + i), address(i), 1_000);
            if (answer.refusal() != null) {
                throttled++;
            }
        }
        assertThat(throttled).isGreaterThan(190);
        assertThat(answer(viewer(viewerKey, ""), 1_000).admitted()).isTrue();
    }

    @Test
    void aFirstMessageMadeForAnotherCameraDoesNotAuthenticate() {
        CameraIdentity other = CameraIdentity.generate(random);
        ViewerHandshake viewer = new ViewerHandshake(
                other.id(),
                other.publicKey(),
                KeyPair.generate(random),
                new ViewerHello(1, true, List.of(), Password.of("s3cret"), "v"),
                Tai64n.epochNanos(wall.instant()),
                random);
        assertThatThrownBy(() -> answer(viewer, 0)).isInstanceOf(SessionException.class);
    }

    @Test
    void aKeyThatDoesNotMatchTheIdIsRefusedBeforeAnythingIsSent() {
        CameraIdentity impostor = CameraIdentity.generate(random);
        assertThatThrownBy(() -> new ViewerHandshake(
                        camera.id(),
                        impostor.publicKey(),
                        KeyPair.generate(random),
                        new ViewerHello(1, true, List.of(), Password.of("s3cret"), "v"),
                        0,
                        random))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyTamperedByteOfTheTimestampOrTheNoiseMessageIsCaught() throws Exception {
        cameraSide = startCamera(new UnpairedBudget.Limits(1000, 1, 1000, 1, 1000, 1, 4096));
        ViewerHandshake viewer = viewer("s3cret");
        byte[] first = viewer.firstMessage().toArray();
        for (int i = 0; i < first.length; i += 7) {
            if (i >= HandshakeEnvelope.TAG_OFFSET && i < HandshakeEnvelope.NOISE_OFFSET) {
                continue; // an unpaired viewer's tag means nothing to the camera
            }
            byte[] tampered = first.clone();
            tampered[i] ^= 1;
            try {
                CameraHandshake.Answer answer = cameraSide.answer(
                        Bytes.of(tampered), address(i), 0, hello -> CameraWelcome.refused(Verdict.BUSY));
                assertThat(answer.refusal()).as("byte %d", i).isEqualTo(HandshakeRefusal.stale());
            } catch (SessionException expected) {
                // does not authenticate
            }
        }
        byte[] second = answer(viewer, address(999), 0).secondMessage().toArray();
        second[second.length - 1] ^= 1;
        assertThatThrownBy(() -> viewer.finish(Bytes.of(second))).isInstanceOf(SessionException.class);
    }
}
