package io.p2pcam.camera.live;

import io.p2pcam.camera.pairing.Revocations;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running camera's hold on its state directory ({@link Revocations}' lock file): while it is
 * held, `viewers revoke` asks this camera instead of editing the pairing file, and no second camera
 * starts from the same directory. Taken once at start, released by {@link #close}.
 */
final class StateDirLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateDirLock.class);

    private final FileLock lock;

    private StateDirLock(FileLock lock) {
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code stateDir}.
     *
     * @throws IOException when another process holds it, or the lock file cannot be opened
     */
    static StateDirLock take(Path stateDir) throws IOException {
        FileLock lock = new Revocations(stateDir).tryLockAsRunningCamera();
        if (lock == null) {
            throw new IOException("another camera runs from " + stateDir);
        }
        return new StateDirLock(lock);
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
