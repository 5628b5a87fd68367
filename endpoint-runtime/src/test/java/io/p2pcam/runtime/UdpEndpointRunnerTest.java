package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The runner's loop on a real loopback socket, driving a test endpoint that misbehaves on demand. */
class UdpEndpointRunnerTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final EchoEndpoint endpoint = new EchoEndpoint();
    private UdpEndpointRunner<EchoEndpoint> runner;
    private DatagramSocket client;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        if (client != null) {
            client.close();
        }
    }

    private InetSocketAddress start(DatagramChannel channel) throws IOException {
        channel.bind(LOOPBACK);
        InetSocketAddress address = (InetSocketAddress) channel.getLocalAddress();
        runner = UdpEndpointRunner.start(endpoint, channel, "test runner", e -> {});
        client = new DatagramSocket(LOOPBACK);
        client.setSoTimeout(5_000);
        return address;
    }

    /** Sends {@code payload} to the runner's socket and waits for the echo. */
    private byte[] echo(InetSocketAddress runnerAddress, byte... payload) throws IOException {
        client.send(new DatagramPacket(payload, payload.length, runnerAddress));
        DatagramPacket reply = new DatagramPacket(new byte[64], 64);
        client.receive(reply);
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }

    private InetSocketAddress startImpaired(Impairment impairment) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(LOOPBACK);
        InetSocketAddress address = (InetSocketAddress) channel.getLocalAddress();
        runner = UdpEndpointRunner.start(endpoint, channel, "impaired runner", e -> {}, null, impairment);
        client = new DatagramSocket(LOOPBACK);
        client.setSoTimeout(5_000);
        return address;
    }

    @Test
    void anImpairedNetworkDelaysBothDirectionsAndStillDelivers() throws IOException {
        InetSocketAddress address = startImpaired(Impairment.parse("delay=40,seed=1"));
        long started = System.nanoTime();
        assertThat(echo(address, (byte) 7)).containsExactly(7);
        // The impairment holds a datagram until the loop's millisecond clock ({@code now()}, whole ms)
        // reads 40 more than when it came: up to a millisecond less in real time each way. Without
        // the delay the echo takes well under a millisecond; one way delayed, 40 ms.
        assertThat((System.nanoTime() - started) / 1_000_000)
                .as("40 ms in, 40 ms out")
                .isGreaterThanOrEqualTo(78);
        assertThat(runner.impairedDrops()).isZero();
    }

    @Test
    void anImpairedNetworkThatLosesEverythingCountsWhatItDropped() throws Exception {
        InetSocketAddress address = startImpaired(Impairment.parse("loss=1,seed=1"));
        for (int i = 0; i < 5; i++) {
            client.send(new DatagramPacket(new byte[] {1}, 1, address));
        }
        Eventually.await("five datagrams dropped", Duration.ofSeconds(5), () -> runner.impairedDrops() >= 5);
        assertThat(runner.impairedDrops()).isEqualTo(5);
    }

    @Test
    void aDatagramThatMakesTheEndpointThrowCostsOnlyThatDatagram() throws IOException {
        InetSocketAddress address = start(DatagramChannel.open());
        byte[] poison = {EchoEndpoint.POISON};
        client.send(new DatagramPacket(poison, 1, address));
        assertThat(echo(address, (byte) 1, (byte) 2)).containsExactly(1, 2);
        assertThat(runner.faults().count(LoopFaults.Reason.DATAGRAM)).isEqualTo(1);
        assertThat(runner.terminated()).isNotDone();
    }

    @Test
    void aTaskThatThrowsCostsOnlyThatTask() throws Exception {
        InetSocketAddress address = start(DatagramChannel.open());
        runner.execute(e -> {
            throw new IllegalStateException("a buggy task");
        });
        CountDownLatch ran = new CountDownLatch(1);
        runner.execute(e -> ran.countDown());
        assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(echo(address, (byte) 4)).containsExactly(4);
        assertThat(runner.faults().count(LoopFaults.Reason.TASK)).isEqualTo(1);
    }

    @Test
    void closingCompletesTheTerminationNormally() throws IOException {
        start(DatagramChannel.open());
        runner.close();
        assertThat(runner.terminated()).isCompleted();
        assertThat(runner.execute(e -> {})).isFalse();
    }

    @Test
    void aTimerThatKeepsThrowingStopsTheLoopAndTheTerminationSaysWhy() throws Exception {
        endpoint.nextTimeout = 0;
        endpoint.timeoutThrows = true;
        start(DatagramChannel.open());
        assertThatThrownBy(() -> runner.terminated().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the endpoint's timer failed " + UdpEndpointRunner.MAX_TIMER_FAILURES_IN_A_ROW
                        + " times in a row");
        assertThat(runner.execute(e -> {}))
                .as("a dead loop takes no more tasks")
                .isFalse();
    }

    @Test
    void aFullTaskQueueRefusesTasksInsteadOfGrowing() throws Exception {
        start(DatagramChannel.open());
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.execute(e -> {
            busy.countDown();
            awaitQuietly(release);
        });
        assertThat(busy.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < UdpEndpointRunner.MAX_QUEUED_TASKS; i++) {
            assertThat(runner.execute(e -> ran.incrementAndGet())).isTrue();
        }
        assertThat(runner.execute(e -> ran.incrementAndGet())).isFalse();
        assertThat(runner.faults().count(LoopFaults.Reason.QUEUE_FULL)).isEqualTo(1);
        release.countDown();
        CountDownLatch drained = new CountDownLatch(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!runner.execute(e -> drained.countDown())) { // room again once the loop drains
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.onSpinWait();
        }
        assertThat(drained.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.get()).isEqualTo(UdpEndpointRunner.MAX_QUEUED_TASKS);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What an owner builds between making its runner and starting it: a plain field, no other ordering. */
    private String builtBeforeTheStart;

    @Test
    void theLoopOfARunnerStartedLaterSeesWhatItsOwnerBuiltMeanwhileAndRunsTheTasksQueuedMeanwhile() throws Exception {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(LOOPBACK);
        AtomicReference<String> firstTurnSaw = new AtomicReference<>();
        runner = UdpEndpointRunner.unstartedWithNodes(
                endpoint,
                channel,
                "runner started later",
                e -> firstTurnSaw.compareAndSet(null, String.valueOf(builtBeforeTheStart)),
                List.of(),
                null);
        CountDownLatch taskRan = new CountDownLatch(1);
        assertThat(runner.execute(e -> taskRan.countDown()))
                .as("a task queued before the start")
                .isTrue();
        builtBeforeTheStart = "built";
        runner.startLoop();
        assertThat(taskRan.await(5, TimeUnit.SECONDS)).isTrue();
        Eventually.await("the loop's first turn", Duration.ofSeconds(5), () -> firstTurnSaw.get() != null);
        assertThat(firstTurnSaw.get()).as("what the first turn's hook saw").isEqualTo("built");
    }

    @Test
    void aRunnerClosedBeforeItsLoopStartedClosesAtOnceAndRunsNoLastWords() throws Exception {
        DatagramChannel channel = DatagramChannel.open();
        channel.bind(LOOPBACK);
        UdpEndpointRunner<EchoEndpoint> unstarted =
                UdpEndpointRunner.unstartedWithNodes(endpoint, channel, "never started", e -> {}, List.of(), null);
        AtomicReference<String> lastWords = new AtomicReference<>();
        long started = System.nanoTime();
        unstarted.close(e -> lastWords.set("said"));
        // It waited up to 2 s for a loop that could not answer (its owner failing to build).
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(lastWords.get()).isNull();
        assertThat(channel.isOpen()).as("the socket").isFalse();
        assertThat(unstarted.terminated()).isDone();
    }

    @Test
    void sendingToAnIpv6CandidateFromAnIpv4OnlySocketCostsOnlyThatDatagram() throws IOException {
        endpoint.queue(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 9), new byte[] {9});
        InetSocketAddress address = start(DatagramChannel.open(StandardProtocolFamily.INET));
        assertThat(echo(address, (byte) 3)).containsExactly(3);
    }
}
