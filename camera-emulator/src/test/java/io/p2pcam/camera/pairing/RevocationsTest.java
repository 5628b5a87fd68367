package io.p2pcam.camera.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationsTest {
    @TempDir
    Path stateDir;

    @Test
    void aRequestIsPendingUntilTheCameraSaysItIsDone() throws Exception {
        Revocations revocations = new Revocations(stateDir);
        Bytes key = Bytes.of(new byte[32]);
        assertThat(revocations.pending()).isEmpty();
        revocations.request(key);
        revocations.request(key);
        assertThat(revocations.pending()).containsExactly(key);
        revocations.done(key);
        assertThat(revocations.pending()).isEmpty();
    }

    @Test
    void whileTheCameraHoldsTheLockNobodyElseGetsIt() throws Exception {
        Revocations camera = new Revocations(stateDir);
        FileLock held = camera.tryLockAsRunningCamera();
        try {
            assertThat(held).isNotNull();
            assertThat(new Revocations(stateDir).tryLockAsRunningCamera()).isNull();
        } finally {
            held.channel().close();
        }
        FileLock again = camera.tryLockAsRunningCamera();
        assertThat(again).isNotNull();
        again.channel().close();
    }
}
