package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoopWakeupTest {
    /** One select and the drains it calls for, as the runner's turn does. */
    private static void turn(Selector selector, long timeoutMillis) throws Exception {
        selector.select(timeoutMillis);
        for (SelectionKey key : selector.selectedKeys()) {
            if (key.attachment() instanceof LoopWakeup wakeup) {
                wakeup.drain();
            }
        }
        selector.selectedKeys().clear();
    }

    @Test
    void aSignalAfterAnyInterleavingOfSignalsAndDrainsStillWakesTheLoop() throws Exception {
        try (Selector selector = Selector.open();
                LoopWakeup wakeup = new LoopWakeup(selector)) {
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicLong signals = new AtomicLong();
            Thread sender = Thread.ofPlatform().start(() -> {
                while (sending.get()) {
                    wakeup.signal();
                    signals.incrementAndGet();
                }
            });
            long end = System.nanoTime() + 500_000_000L; // ~10^5 signals racing the drains
            while (System.nanoTime() < end) {
                turn(selector, 100);
            }
            sending.set(false);
            sender.join();
            while (selector.selectNow() > 0) { // what the sender left in the pipe
                turn(selector, 0);
            }

            wakeup.signal();
            long start = System.nanoTime();
            int ready = selector.select(2_000);

            assertThat(ready)
                    .as(
                            "a signal after %d racing ones woke the select (it slept %d ms)",
                            signals.get(), (System.nanoTime() - start) / 1_000_000)
                    .isEqualTo(1);
        }
    }
}
