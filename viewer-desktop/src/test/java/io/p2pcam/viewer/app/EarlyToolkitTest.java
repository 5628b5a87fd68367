package io.p2pcam.viewer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EarlyToolkitTest {
    @Test
    void anExitWaitsForAStartUnderWayToEnd() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EarlyToolkit.start(
                () -> {
                    entered.countDown();
                    awaitQuietly(release);
                    events.add("start ended");
                },
                task -> Thread.ofPlatform().daemon().start(task));
        entered.await();

        Thread exiting = Thread.ofPlatform().start(() -> {
            EarlyToolkit.settleBeforeExit();
            events.add("settled");
        });
        while (exiting.getState() != Thread.State.TIMED_WAITING) { // parked on the start's lock
            Thread.onSpinWait();
        }
        release.countDown();
        exiting.join();

        assertThat(events).containsExactly("start ended", "settled");
    }

    @Test
    void aStartThatHasNotBegunWhenTheProcessExitsNeverRuns() {
        Queue<Runnable> notYetScheduled = new ArrayDeque<>();
        List<String> events = new CopyOnWriteArrayList<>();
        EarlyToolkit.start(() -> events.add("toolkit started"), notYetScheduled::add);

        EarlyToolkit.settleBeforeExit();
        notYetScheduled.remove().run();

        assertThat(events).isEmpty();
        assertThatThrownBy(EarlyToolkit::awaitReady).hasMessageContaining("called off");
    }

    @Test
    void aStartThatFailsIsReportedWhenTheWindowIsAskedFor() {
        EarlyToolkit.start(
                () -> {
                    throw new UnsupportedOperationException("Unable to open DISPLAY");
                },
                Runnable::run);

        assertThatThrownBy(EarlyToolkit::awaitReady).hasMessage("Unable to open DISPLAY");
        EarlyToolkit.settleBeforeExit();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
