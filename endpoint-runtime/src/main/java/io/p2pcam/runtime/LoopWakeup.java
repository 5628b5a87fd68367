package io.p2pcam.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * Wakes a loop sleeping in its {@link Selector} when another thread hands it a task, through a
 * pipe the selector watches rather than {@link Selector#wakeup()}: the JDK writes the wake-up's
 * eventfd holding a lock that the woken select takes again to clear it, so a loop woken on the
 * other core often found the sender still inside and slept again until the sender left (on the
 * camera 30 of its 80 hand-offs a second, an extra sleep and wake-up of its network thread each;
 * docs/BENCHMARKS.md, "One audio packet on the network threads"). Here the loop and its senders
 * share no lock. A sender writes one byte.
 *
 * <p>Writing to a channel from a thread whose interrupt is set closes the channel (the NIO
 * contract): an interrupted sender wakes the loop through {@link Selector#wakeup()} instead, and if
 * an interrupt closed the pipe mid-write anyway, every later wake-up goes that way (a task handed
 * over in the instant it closed waits at most for the loop's next turn: it never sleeps over 1 s).
 *
 * <p>Thread-safety: {@link #signal} from any thread; {@link #drain} on the loop thread; {@link
 * #close} once the loop stopped.
 */
final class LoopWakeup implements AutoCloseable {
    private static final byte[] ONE = {1};

    private final Selector selector;
    private final Pipe pipe;
    private final SelectionKey key;

    private final ByteBuffer drained = ByteBuffer.allocateDirect(64); // the loop's own

    /** Registers with {@code selector}: its selected key has this as its attachment. */
    LoopWakeup(Selector selector) throws IOException {
        this.selector = selector;
        this.pipe = Pipe.open();
        try {
            pipe.sink().configureBlocking(false);
            pipe.source().configureBlocking(false);
            this.key = pipe.source().register(selector, SelectionKey.OP_READ, this);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Makes the loop's current or next select return (any thread). */
    void signal() {
        if (!pipe.sink().isOpen() || Thread.currentThread().isInterrupted()) {
            selector.wakeup();
            return;
        }
        try {
            // A byte every time, even when one is in the pipe already: a "wake-up pending" flag cleared
            // by the loop leaves a window in which the loop takes the byte of a signal that set it again,
            // and every later signal finds it set and writes nothing (LoopWakeupTest: within 0.5 s of
            // racing signals). A full pipe takes no byte (non-blocking): the loop is woken already.
            pipe.sink().write(ByteBuffer.wrap(ONE));
        } catch (IOException e) { // an interrupt closed it mid-write, or the runner is closing
            selector.wakeup();
        }
    }

    /**
     * Loop thread, when the selector reported this wake-up's key, before it takes the queued tasks:
     * takes the bytes written so far (any left over make the next select return at once).
     */
    void drain() {
        try {
            if (pipe.source().read(drained.clear()) >= 0) {
                return;
            }
        } catch (IOException e) { // closed by an interrupt of the loop thread itself
        }
        // The pipe is broken (see above): stop watching it; senders see its sink closed and use wakeup().
        key.cancel();
        try {
            close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    @Override
    public void close() throws IOException {
        try {
            pipe.sink().close();
        } finally {
            pipe.source().close();
        }
    }
}
