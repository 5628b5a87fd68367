package io.p2pcam.protocol.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RunnableScheduledFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A scheduler that runs nothing by itself: tasks run on the test's thread when it calls {@link
 * #runDue()} or {@link #advance(Duration)}, in the order of their due time (ties: submission order).
 * Code under test that must not do work on its caller's thread (a UI thread) can be checked with
 * it: after the call, nothing has run until the test says so.
 *
 * <p>Single-threaded: schedule from any thread, but run only from the test's.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>(
            Comparator.<Task<?>>comparingLong(task -> task.dueNanos).thenComparingLong(task -> task.sequence));
    private long nowNanos;
    private long sequence;
    private boolean shutdown;

    /** Runs every task due at the current time (and those they schedule for now); returns how many ran. */
    public synchronized int runDue() {
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().dueNanos <= nowNanos) {
            Task<?> task = queue.poll();
            task.run();
            ran++;
            if (task.isPeriodic() && !task.isCancelled()) {
                task.dueNanos = task.periodNanos > 0 ? task.dueNanos + task.periodNanos : nowNanos - task.periodNanos;
                queue.add(task);
            }
        }
        return ran;
    }

    /** Moves time on by {@code step}, running what falls due on the way at its own time. */
    public synchronized int advance(Duration step) {
        long until = nowNanos + step.toNanos();
        int ran = 0;
        while (!queue.isEmpty() && queue.peek().dueNanos <= until) {
            nowNanos = Math.max(nowNanos, queue.peek().dueNanos);
            ran += runDue();
        }
        nowNanos = until;
        return ran;
    }

    /** Tasks waiting (not cancelled). */
    public synchronized int pending() {
        queue.removeIf(Task::isCancelled);
        return queue.size();
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(new Task<>(new FutureTask<Void>(command, null), unit.toNanos(delay), 0));
    }

    @Override
    public synchronized <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(new Task<>(new FutureTask<>(callable), unit.toNanos(delay), 0));
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleAtFixedRate(
            Runnable command, long initialDelay, long period, TimeUnit unit) {
        return add(new Task<>(periodic(command), unit.toNanos(initialDelay), unit.toNanos(period)));
    }

    @Override
    public synchronized ScheduledFuture<?> scheduleWithFixedDelay(
            Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(new Task<>(periodic(command), unit.toNanos(initialDelay), -unit.toNanos(delay)));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void shutdown() {
        shutdown = true;
    }

    @Override
    public synchronized List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> waiting = new ArrayList<>(queue);
        queue.clear();
        return waiting;
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private <V> Task<V> add(Task<V> task) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        queue.add(task);
        return task;
    }

    /** A periodic task's body: runAndReset keeps the future open for the next run. */
    private static FutureTask<Void> periodic(Runnable command) {
        return new FutureTask<>(command, null) {
            @Override
            public void run() {
                runAndReset();
            }
        };
    }

    private final class Task<V> implements RunnableScheduledFuture<V> {
        private final FutureTask<V> body;
        private final long sequence;
        private final long periodNanos; // 0 one-shot, > 0 fixed rate, < 0 fixed delay
        private long dueNanos;

        Task(FutureTask<V> body, long delayNanos, long periodNanos) {
            this.body = body;
            this.sequence = ManualScheduler.this.sequence++;
            this.periodNanos = periodNanos;
            this.dueNanos = nowNanos + Math.max(0, delayNanos);
        }

        @Override
        public void run() {
            body.run();
        }

        @Override
        public boolean isPeriodic() {
            return periodNanos != 0;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            synchronized (ManualScheduler.this) {
                return unit.convert(dueNanos - nowNanos, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return body.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return body.isCancelled();
        }

        @Override
        public boolean isDone() {
            return body.isDone();
        }

        @Override
        public V get() throws InterruptedException, ExecutionException {
            return body.get();
        }

        @Override
        public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return body.get(timeout, unit);
        }
    }
}
