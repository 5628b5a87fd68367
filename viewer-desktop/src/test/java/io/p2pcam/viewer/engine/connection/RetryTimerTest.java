package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.testing.ManualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tile's one timer (decision 0067) against an attempt the scheduler had already begun when it
 * was replaced: cancelling such a task does not stop it, so it reaches {@link RetryTimer#take} after
 * the newer attempt was armed, and must not start a second connect.
 *
 * <p>Here the {@code due} callback only records the ticket, as a task that began and now waits for
 * the supervisor's lock; the test then plays the lock's order: the replacing call first, the begun
 * task's {@code take} after it.
 */
class RetryTimerTest {
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Long> dueTickets = new ArrayList<>();
    private final RetryTimer timer = new RetryTimer(
            scheduler,
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0, Duration.ofSeconds(60)),
            dueTickets::add);

    /** The attempt armed after a timeout falls due: its task begins, and waits for the lock. */
    private long attemptBegunAfterATimeout() {
        timer.afterFailure(ViewerFailure.TIMEOUT);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(dueTickets).as("the attempt's task began").hasSize(1);
        return dueTickets.getFirst();
    }

    @Test
    void anAttemptAlreadyBegunWhenTheRetryButtonReplacedItDoesNotConnect() {
        long begun = attemptBegunAfterATimeout();

        timer.attemptNow(); // the Retry button, under the lock the begun task waits for

        assertThat(timer.take(begun)).as("the begun attempt, replaced").isFalse();
        scheduler.runDue();
        assertThat(dueTickets).hasSize(2);
        assertThat(timer.take(dueTickets.getLast()))
                .as("the Retry button's attempt")
                .isTrue();
    }

    @Test
    void anAttemptAlreadyBegunWhenANetworkChangeReplacedItDoesNotConnect() {
        timer.afterFailure(ViewerFailure.TIMEOUT);
        timer.afterFailure(ViewerFailure.TIMEOUT); // now a 2 s wait
        scheduler.advance(Duration.ofSeconds(2));
        long begun = dueTickets.getLast();
        // The begun task has not taken its attempt yet, so it still counts as waiting after a timeout.
        assertThat(timer.networkChanged()).isTrue();

        assertThat(timer.take(begun)).as("the begun attempt, replaced").isFalse();
        scheduler.runDue();
        assertThat(timer.take(dueTickets.getLast()))
                .as("the network change's attempt")
                .isTrue();
        assertThat(timer.take(begun)).as("taken once").isFalse();
    }

    @Test
    void aDueAttemptNotReplacedIsTakenOnce() {
        long due = attemptBegunAfterATimeout();

        assertThat(timer.take(due)).isTrue();
        assertThat(timer.take(due)).isFalse();
    }
}
