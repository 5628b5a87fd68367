package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The core's one timer on an event loop whose time the test moves (Netty's embedded loop). */
class CoreTimerTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final AtomicLong now = new AtomicLong(1_000);
    private int fired;
    private final CoreTimer timer = new CoreTimer(now::get, () -> fired++);

    /** Moves both the core's clock and the loop's by {@code millis}, then runs what is due. */
    private void pass(long millis) {
        now.addAndGet(millis);
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void firesOnceAtTheDeadline() {
        timer.arm(channel.eventLoop(), 1_100);
        pass(99);
        assertThat(fired).isZero();
        pass(1);
        assertThat(fired).isEqualTo(1);
        pass(1_000);
        assertThat(fired).as("one arming, one wake-up").isEqualTo(1);
    }

    @Test
    void anEarlierDeadlineReplacesTheArmedOneAndALaterOneLeavesIt() {
        timer.arm(channel.eventLoop(), 1_500);
        timer.arm(channel.eventLoop(), 1_100);
        timer.arm(channel.eventLoop(), 1_300); // later than armed: the core is asked again when it fires
        pass(100);
        assertThat(fired).isEqualTo(1);
        pass(1_000);
        assertThat(fired)
                .as("the replaced 1,500 and the ignored 1,300 never fire")
                .isEqualTo(1);
    }

    @Test
    void neverArmsForNoDeadlineAndStopsWhenCancelled() {
        timer.arm(channel.eventLoop(), Long.MAX_VALUE);
        timer.arm(channel.eventLoop(), 1_100);
        timer.cancel();
        pass(1_000);
        assertThat(fired).isZero();
        timer.arm(channel.eventLoop(), 2_500);
        pass(500);
        assertThat(fired).as("armed again after the cancel").isEqualTo(1);
    }

    @Test
    void aDeadlineAlreadyPastFiresAtTheNextRun() {
        timer.arm(channel.eventLoop(), 900);
        channel.runScheduledPendingTasks();
        assertThat(fired).isEqualTo(1);
    }
}
