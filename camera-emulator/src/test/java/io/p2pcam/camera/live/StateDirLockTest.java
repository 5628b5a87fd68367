package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.camera.pairing.Revocations;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock is a real file lock on the state directory. Within one process Java refuses a second
 * lock as another process's lock would be refused, so a holder in this test stands for
 * `viewers revoke` or a second camera.
 */
class StateDirLockTest {
    @TempDir
    Path stateDir;

    @Test
    void aCameraStartedWhileARevokeHoldsTheLockForAMomentStartsOnceItIsReleased() throws Exception {
        FileLock revoke = new Revocations(stateDir).tryLockAsRunningCamera(); // what `viewers revoke` takes
        assertThat(revoke).isNotNull();
        ScheduledExecutorService revokeFinishing = Executors.newSingleThreadScheduledExecutor();
        try {
            // A revoke holds the lock for a few milliseconds; 300 ms is that on a slow machine.
            revokeFinishing.schedule(
                    () -> {
                        revoke.channel().close();
                        return null;
                    },
                    300,
                    TimeUnit.MILLISECONDS);
            StateDirLock camera = StateDirLock.take(stateDir);
            assertThat(revoke.channel().isOpen())
                    .as("the camera got the lock after the revoke")
                    .isFalse();
            camera.close();
        } finally {
            revokeFinishing.shutdownNow();
        }
    }

    @Test
    void aHolderThatKeepsTheLockPastThePatienceIsARunningCameraAndTheStartSaysSo() throws Exception {
        FileLock running = new Revocations(stateDir).tryLockAsRunningCamera();
        assertThat(running).isNotNull();
        try {
            long started = System.nanoTime();
            assertThatThrownBy(() -> StateDirLock.take(stateDir, Duration.ofMillis(200)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("another camera is running from " + stateDir)
                    .hasMessageContaining("--state-dir");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        } finally {
            running.channel().close();
        }
    }
}
