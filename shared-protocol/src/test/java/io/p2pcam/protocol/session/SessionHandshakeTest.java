package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SessionHandshakeTest {
    private final SecureRandom random = new SecureRandom();
    private final CameraIdentity camera = CameraIdentity.generate(random);
    private final CameraHandshake cameraSide = new CameraHandshake(camera, new PasswordGuard("s3cret"), random);
    private final InetAddress viewerAddress = InetAddress.getLoopbackAddress();

    private ViewerHandshake viewer(String password) {
        return new ViewerHandshake(
                camera.id(),
                camera.publicKey(),
                KeyPair.generate(random),
                new ViewerHello(7, password, "test viewer"),
                random);
    }

    private CameraHandshake.Answer answer(ViewerHandshake viewer, long now) throws SessionException {
        return cameraSide.answer(
                viewer.firstMessage(),
                viewerAddress,
                now,
                hello -> new CameraWelcome(Verdict.ADMITTED, 99, 1280, 720, 30));
    }

    @Test
    void theRightPasswordAdmitsTheViewerAndBothEndsShareKeys() throws Exception {
        ViewerHandshake viewer = viewer("s3cret");
        CameraHandshake.Answer answer = answer(viewer, 0);
        assertThat(answer.admitted()).isTrue();
        assertThat(answer.hello()).isEqualTo(new ViewerHello(7, "s3cret", "test viewer"));
        ViewerHandshake.Outcome outcome = viewer.finish(answer.secondMessage());
        assertThat(outcome.admitted()).isTrue();
        assertThat(outcome.welcome()).isEqualTo(new CameraWelcome(Verdict.ADMITTED, 99, 1280, 720, 30));
        byte[] sealed = outcome.keys().sending().encryptWithNonce(0, new byte[0], new byte[] {42});
        assertThat(answer.keys().receiving().decryptWithNonce(0, new byte[0], sealed))
                .containsExactly(42);
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
    void afterFiveWrongPasswordsInAMinuteEvenTheRightOneWaits() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(answer(viewer("guess" + i), i * 1000L).verdict()).isEqualTo(Verdict.WRONG_PASSWORD);
        }
        assertThat(answer(viewer("s3cret"), 10_000).verdict()).isEqualTo(Verdict.TOO_MANY_ATTEMPTS);
        assertThat(answer(viewer("s3cret"), 60_001).verdict()).isEqualTo(Verdict.ADMITTED);
    }

    @Test
    void aReplayedFirstMessageIsRefused() throws Exception {
        ViewerHandshake viewer = viewer("s3cret");
        answer(viewer, 0);
        assertThatThrownBy(() -> answer(viewer, 1))
                .isInstanceOf(SessionException.class)
                .hasMessageContaining("replayed");
    }

    @Test
    void aFirstMessageMadeForAnotherCameraDoesNotAuthenticate() {
        CameraIdentity other = CameraIdentity.generate(random);
        ViewerHandshake viewer = new ViewerHandshake(
                other.id(), other.publicKey(), KeyPair.generate(random), new ViewerHello(1, "s3cret", "v"), random);
        assertThatThrownBy(() -> answer(viewer, 0)).isInstanceOf(SessionException.class);
    }

    @Test
    void aKeyThatDoesNotMatchTheIdIsRefusedBeforeAnythingIsSent() {
        CameraIdentity impostor = CameraIdentity.generate(random);
        assertThatThrownBy(() -> new ViewerHandshake(
                        camera.id(),
                        impostor.publicKey(),
                        KeyPair.generate(random),
                        new ViewerHello(1, "s3cret", "v"),
                        random))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anyTamperedByteOfEitherMessageIsCaught() throws Exception {
        ViewerHandshake viewer = viewer("s3cret");
        byte[] first = viewer.firstMessage().toArray();
        for (int i = 0; i < first.length; i += 7) {
            byte[] tampered = first.clone();
            tampered[i] ^= 1;
            assertThatThrownBy(() -> cameraSide.answer(
                            Bytes.of(tampered), viewerAddress, 0, hello -> CameraWelcome.refused(Verdict.BUSY)))
                    .isInstanceOf(SessionException.class);
        }
        byte[] second = answer(viewer, 0).secondMessage().toArray();
        second[second.length - 1] ^= 1;
        assertThatThrownBy(() -> viewer.finish(Bytes.of(second))).isInstanceOf(SessionException.class);
    }
}
