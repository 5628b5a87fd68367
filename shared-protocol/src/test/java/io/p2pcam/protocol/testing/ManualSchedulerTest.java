package io.p2pcam.protocol.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ManualSchedulerTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<String> ran = new ArrayList<>();

    @Test
    void nothingRunsUntilTheTestSaysSo() {
        scheduler.execute(() -> ran.add("now"));
        assertThat(ran).isEmpty();
        assertThat(scheduler.runDue()).isEqualTo(1);
        assertThat(ran).containsExactly("now");
    }

    @Test
    void delayedTasksRunInDueOrderWhenTimeReachesThem() {
        scheduler.schedule(() -> ran.add("b"), 200, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("a"), 100, TimeUnit.MILLISECONDS);
        scheduler.schedule(() -> ran.add("c"), 300, TimeUnit.MILLISECONDS);

        assertThat(scheduler.advance(Duration.ofMillis(99))).isZero();
        assertThat(scheduler.advance(Duration.ofMillis(101))).isEqualTo(2);
        assertThat(ran).containsExactly("a", "b");
        assertThat(scheduler.pending()).isEqualTo(1);
    }

    @Test
    void aCancelledTaskNeverRuns() {
        ScheduledFuture<?> task = scheduler.schedule(() -> ran.add("x"), 10, TimeUnit.MILLISECONDS);
        task.cancel(false);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(ran).isEmpty();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aFixedRateTaskRunsOncePerPeriod() {
        scheduler.scheduleAtFixedRate(() -> ran.add("tick"), 0, 100, TimeUnit.MILLISECONDS);
        scheduler.advance(Duration.ofMillis(350));
        assertThat(ran).hasSize(4); // at 0, 100, 200 and 300 ms
    }

    @Test
    void aTaskScheduledByATaskForNowRunsInTheSamePass() {
        scheduler.execute(() -> scheduler.execute(() -> ran.add("inner")));
        scheduler.runDue();
        assertThat(ran).containsExactly("inner");
    }
}
