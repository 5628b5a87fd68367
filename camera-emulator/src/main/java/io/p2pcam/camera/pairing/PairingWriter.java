package io.p2pcam.camera.pairing;

import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a running camera's paired viewers to disk off its network thread (decision 0030): the
 * network thread hands over each new snapshot ({@link #write}) and goes on answering and streaming;
 * this writer's own thread saves the newest snapshot it has. A snapshot handed over while a save
 * runs replaces the one waiting, if any, so whatever the number of changes the writer holds at most
 * two snapshots, the one being saved and the newest (invariant 4), and it never saves an older one
 * after a newer one.
 *
 * <p>A save that fails is logged once (a warning; "written again" when one succeeds later) and
 * tried again every {@link #RETRY} or at the next change, whichever comes first. The pairings stay
 * in the camera's memory meanwhile: viewers paired since the last save connect by their key while
 * the camera runs; after a restart they are asked for the password again.
 *
 * <p>Thread-safe. {@link #close()} saves what is waiting before it returns, so an orderly restart
 * loses nothing.
 */
public final class PairingWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PairingWriter.class);
    /** How soon a failed save is tried again when nothing newer came. */
    static final Duration RETRY = Duration.ofSeconds(5);
    /** How long {@link #close()} waits for the last save. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final PairingStore.Journal sink;
    private final long retryNanos;
    private final Thread thread;
    private final Object lock = new Object();

    // Guarded by lock.
    private PairingStore.Snapshot waiting;
    private long handedOver;
    private long saved;
    private boolean closing;

    // The writer thread's own.
    private boolean failing;

    /** Writes through {@code sink} (the camera's {@link PairingFile}), starting its thread now. */
    public PairingWriter(PairingStore.Journal sink) {
        this(sink, RETRY);
    }

    PairingWriter(PairingStore.Journal sink, Duration retry) {
        this.sink = sink;
        this.retryNanos = retry.toNanos();
        this.thread = Thread.ofPlatform().name("pairing writer").daemon().start(this::run);
    }

    /**
     * Hands over the newest snapshot of the paired viewers; returns at once with its number, which
     * {@link #awaitSaved} takes. Any thread; after {@link #close()} it is saved by no one.
     */
    public long write(PairingStore.Snapshot snapshot) {
        synchronized (lock) {
            waiting = snapshot;
            lock.notifyAll();
            return ++handedOver;
        }
    }

    /** The number of the newest snapshot handed over (0: none yet). */
    public long handedOver() {
        synchronized (lock) {
            return handedOver;
        }
    }

    /** True when every snapshot handed over is on disk (after {@link #close()}: nothing was lost). */
    public boolean allSaved() {
        synchronized (lock) {
            return saved >= handedOver;
        }
    }

    /**
     * Waits until snapshot {@code number}, or a newer one, is on disk; false after {@code timeout}
     * (the disk is slow or the saves fail: see the log).
     */
    public boolean awaitSaved(long number, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (saved < number) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void run() {
        PairingStore.Snapshot unsaved = null; // the newest snapshot, when its save failed
        long unsavedNumber = 0;
        long retryAt = 0;
        while (true) {
            PairingStore.Snapshot next;
            long number;
            boolean lastTry; // closing was asked before this save began: its failure ends the thread
            synchronized (lock) {
                try {
                    while (waiting == null && !closing && (unsaved == null || System.nanoTime() < retryAt)) {
                        lock.wait(unsaved == null ? 0 : Math.max(1, (retryAt - System.nanoTime()) / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return; // nobody interrupts this thread but the JVM's end
                }
                lastTry = closing;
                if (waiting != null) {
                    next = waiting;
                    number = handedOver;
                    waiting = null;
                } else if (unsaved != null) {
                    next = unsaved; // a retry, or the last try when closing
                    number = unsavedNumber;
                } else {
                    return; // closing, and everything is saved
                }
            }
            if (save(next)) {
                unsaved = null;
                synchronized (lock) {
                    saved = Math.max(saved, number);
                    lock.notifyAll();
                }
            } else {
                unsaved = next;
                unsavedNumber = number;
                retryAt = System.nanoTime() + retryNanos;
                if (lastTry && !hasWaiting()) {
                    return;
                }
            }
        }
    }

    private boolean save(PairingStore.Snapshot snapshot) {
        try {
            sink.save(snapshot);
            if (failing) {
                log.info("the paired viewers are written again");
                failing = false;
            }
            return true;
        } catch (PairingStoreException | RuntimeException e) {
            if (!failing) {
                log.warn(
                        "cannot write the paired viewers ({}); they stay in memory while the camera runs and the write "
                                + "is tried again; a viewer paired since the last write needs the password again after a restart",
                        e.getMessage());
                failing = true;
            }
            return false;
        }
    }

    private boolean hasWaiting() {
        synchronized (lock) {
            return waiting != null;
        }
    }

    /** Saves what is waiting (one more try if the last save failed), then stops the thread. */
    @Override
    public void close() {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                log.warn("the paired viewers were still being written after {} s", CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
