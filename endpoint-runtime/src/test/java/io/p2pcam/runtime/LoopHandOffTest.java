package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tasks handed to a sleeping loop from other threads (the camera's encoder and audio loop, 80 a
 * second): each runs at once, none is lost, and the hand-off costs the loop thread no lock it
 * shares with the sender.
 */
class LoopHandOffTest {
    private final EchoEndpoint endpoint = new EchoEndpoint(); // no timeout: the loop sleeps until woken
    private UdpEndpointRunner<EchoEndpoint> runner;
    private long loopThread;

    @BeforeEach
    void start() throws Exception {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        runner = UdpEndpointRunner.start(endpoint, channel, "hand-off runner", e -> {});
        AtomicLong id = new AtomicLong();
        handOff(() -> id.set(Thread.currentThread().threadId()));
        loopThread = id.get();
    }

    @AfterEach
    void stop() {
        runner.close();
    }

    /** Hands {@code task} to the loop and waits until it ran there. */
    private void handOff(Runnable task) throws InterruptedException {
        CountDownLatch ran = new CountDownLatch(1);
        assertThat(runner.execute(e -> {
                    task.run();
                    ran.countDown();
                }))
                .isTrue();
        assertThat(ran.await(5, TimeUnit.SECONDS)).as("the task ran").isTrue();
    }

    @Test
    void aTaskHandedToTheSleepingLoopNeverMakesTheLoopThreadWaitForALockTheSenderHolds() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 50; i++) { // classes loaded and linked on both threads
            handOff(() -> {});
        }
        long blockedBefore = threads.getThreadInfo(loopThread).getBlockedCount();
        for (int i = 0; i < 300; i++) {
            handOff(() -> {});
        }
        // The JDK's Selector.wakeup() writes its eventfd holding a lock that the woken select takes
        // again to clear it: the loop woke, found the sender still inside, and blocked (about every
        // other hand-off on a busy 2-core machine, each an extra sleep and wake-up of the loop).
        assertThat(threads.getThreadInfo(loopThread).getBlockedCount() - blockedBefore)
                .as("times the loop thread blocked on a monitor over 300 hand-offs")
                .isZero();
    }

    @Test
    void tasksHandedOverFromSeveralThreadsAtOnceAllRunInTheOrderEachThreadGaveThem() throws Exception {
        int senders = 3;
        int each = 2_000;
        AtomicInteger ran = new AtomicInteger();
        int[] lastSeen = new int[senders];
        List<Integer> outOfOrder = new ArrayList<>(); // loop thread only, read after it ran everything
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 1; i <= each; i++) {
                    int n = i;
                    while (!runner.execute(e -> {
                        if (lastSeen[sender] != n - 1) {
                            outOfOrder.add(n);
                        }
                        lastSeen[sender] = n;
                        ran.incrementAndGet();
                    })) {
                        Thread.onSpinWait(); // the queue is full: the loop drains it
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        handOff(() -> {}); // behind every task the senders queued
        assertThat(ran.get()).isEqualTo(senders * each);
        AtomicReference<List<Integer>> late = new AtomicReference<>();
        handOff(() -> late.set(List.copyOf(outOfOrder)));
        assertThat(late.get())
                .as("tasks that ran before one their sender gave earlier")
                .isEmpty();
    }

    @Test
    void aSenderWhoseInterruptIsSetStillWakesTheLoopAndEveryLaterHandOffToo() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Thread interrupted = Thread.ofPlatform().start(() -> {
            Thread.currentThread().interrupt(); // a channel written from here would close
            runner.execute(e -> ran.countDown());
        });
        interrupted.join(5_000);
        assertThat(ran.await(5, TimeUnit.SECONDS))
                .as("the interrupted sender's task ran")
                .isTrue();
        long started = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            handOff(() -> {});
        }
        // A lost wake-up costs a task up to the loop's longest sleep, 1 s.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
    }
}
