package io.p2pcam.viewer.probe;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A signal while probe runs (SIGTERM from a script's timeout(1) or a service manager, SIGINT from
 * Ctrl-C): the JVM starts shutting down and runs its hooks, and this one interrupts the thread that
 * probes, so that it stops waiting, closes its session (the camera hears the viewer leave rather
 * than timing it out) and prints its line marked interrupted; the hook holds the shutdown until
 * that line is out, at most {@link #GRACE}. The JVM then exits with 128 + the signal's number (143,
 * 130), as a shell expects of a process a signal stopped.
 *
 * <p>Made on the probing thread, closed by it when its last line is printed; the hook runs on the
 * JVM's shutdown thread.
 */
final class ProbeInterruption implements AutoCloseable {
    /** How long a signal waits for the line: closing a session takes a round of packets, not seconds. */
    static final Duration GRACE = Duration.ofSeconds(3);

    private final Thread prober;
    private final Thread hook;
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile boolean signalled;

    private ProbeInterruption(Thread prober) {
        this.prober = prober;
        this.hook = new Thread(this::stopProbing, "probe-interruption");
    }

    /** Watches for a shutdown while {@code prober} probes, until {@link #close}. */
    static ProbeInterruption watch(Thread prober) {
        ProbeInterruption interruption = new ProbeInterruption(prober);
        Runtime.getRuntime().addShutdownHook(interruption.hook);
        return interruption;
    }

    /** Whether a signal stopped the probe: its waits then end with an {@link InterruptedException}. */
    boolean signalled() {
        return signalled;
    }

    private void stopProbing() {
        if (reported.getCount() == 0) {
            return;
        }
        signalled = true;
        prober.interrupt();
        try {
            reported.await(GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The probe printed its last line: a shutdown from now on has nothing to wait for. */
    @Override
    public void close() {
        reported.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or ran: it has just been released.
        }
    }
}
