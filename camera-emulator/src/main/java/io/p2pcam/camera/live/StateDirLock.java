package io.p2pcam.camera.live;

import io.p2pcam.camera.pairing.Revocations;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running camera's hold on its state directory ({@link Revocations}' lock file): while it is
 * held, `viewers revoke` asks this camera instead of editing the pairing file, and no second camera
 * starts from the same directory. Taken once at start, released by {@link #close}.
 *
 * <p>The lock has two kinds of holder: a running camera, for as long as it runs, and `viewers
 * revoke` with no camera running, for the milliseconds it takes to edit the pairing file. A camera
 * started in that moment waits for the lock up to {@link #PATIENCE}; a holder that keeps it longer is
 * a running camera, and the start fails saying so.
 */
final class StateDirLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateDirLock.class);

    /** Far longer than a revoke holds the lock, short enough not to look like a hang to the user. */
    static final Duration PATIENCE = Duration.ofSeconds(3);

    private static final Duration RETRY = Duration.ofMillis(50);

    private final FileLock lock;

    private StateDirLock(FileLock lock) {
        this.lock = lock;
    }

    /** Takes the lock of {@code stateDir}, waiting up to {@link #PATIENCE} for a short-lived holder. */
    static StateDirLock take(Path stateDir) throws IOException {
        return take(stateDir, PATIENCE);
    }

    /**
     * Takes the lock of {@code stateDir}, waiting up to {@code patience} while another holds it.
     *
     * @throws IOException when it is still held after {@code patience} (another camera runs from
     *     there), or the lock file cannot be opened
     */
    static StateDirLock take(Path stateDir, Duration patience) throws IOException {
        Revocations revocations = new Revocations(stateDir);
        long deadline = System.nanoTime() + patience.toNanos();
        boolean waiting = false;
        while (true) {
            FileLock lock = revocations.tryLockAsRunningCamera();
            if (lock != null) {
                return new StateDirLock(lock);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("another camera is running from " + stateDir + " (its lock was still held after "
                        + patience.toMillis() + " ms); stop it first, or give this camera a --state-dir of its own");
            }
            if (!waiting) {
                waiting = true;
                log.info(
                        "{} is locked, by `viewers revoke` or another camera; waiting up to {} ms",
                        stateDir,
                        patience.toMillis());
            }
            pause();
        }
    }

    private static void pause() throws InterruptedIOException {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the state directory's lock");
        }
    }

    /** Releases the lock; a failure is logged, the camera is stopping anyway. */
    @Override
    public void close() {
        try {
            lock.channel().close();
        } catch (IOException e) {
            log.warn("releasing the state directory lock: {}", e.toString());
        }
    }
}
