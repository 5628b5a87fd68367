package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ResourceLeakDetector;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Netty adapter on an {@link EmbeddedChannel}: datagrams in, datagrams out, a fake clock, no sockets. */
class RendezvousHandlerTest {
    private static final InetSocketAddress CLOUD = new InetSocketAddress("127.0.0.1", 32100);
    private static final InetSocketAddress CAMERA = new InetSocketAddress("198.51.100.10", 40_001);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("203.0.113.7", 50_002);

    private final AtomicLong now = new AtomicLong(1_000);
    private final CloudMetrics metrics = new CloudMetrics(UdpTransport.NIO);
    private final CloudConfig config = CloudConfig.defaults();
    private EmbeddedChannel channel;

    @BeforeAll
    static void detectEveryLeak() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @BeforeEach
    void openChannel() {
        Rendezvous core = new Rendezvous(config, new Random(7), metrics, now.get());
        channel = new EmbeddedChannel(new RendezvousHandler(core, metrics, now::get));
        channel.freezeTime();
    }

    @AfterEach
    void checkChannelSurvived() {
        channel.checkException();
        assertThat(channel.finishAndReleaseAll()).as("nothing left unread").isFalse();
    }

    @Test
    void aDatagramInProducesTheReplyDatagramToItsSender() throws Exception {
        CameraId nobody = new TestCamera().id();

        DatagramPacket request = datagram(new Lookup(42, nobody), VIEWER);
        channel.writeInbound(request);

        assertThat(request.refCnt()).as("request released").isZero();
        DatagramPacket reply = channel.readOutbound();
        assertThat(reply.recipient()).isEqualTo(VIEWER);
        assertThat(decode(reply)).isEqualTo(LookupResult.unavailable(42));
        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(metrics.packetsIn()).isEqualTo(1);
        assertThat(metrics.packetsOut()).isEqualTo(1);
    }

    @Test
    void theClockIsReadOncePerReadBatchNotPerDatagram() {
        AtomicLong clockReads = new AtomicLong();
        Rendezvous core = new Rendezvous(config, new Random(7), metrics, now.get());
        EmbeddedChannel counted = new EmbeddedChannel(new RendezvousHandler(core, metrics, () -> {
            clockReads.incrementAndGet();
            return now.get();
        }));
        counted.freezeTime();
        CameraId nobody = new TestCamera().id();
        DatagramPacket[] batch = new DatagramPacket[10];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = datagram(new Lookup(i, nobody), VIEWER);
        }

        long before = clockReads.get();
        counted.writeInbound((Object[]) batch);
        long firstBatch = clockReads.get() - before;
        counted.writeInbound(datagram(new Lookup(99, nobody), VIEWER));
        long secondBatch = clockReads.get() - before - firstBatch;

        assertThat(firstBatch).as("clock reads for a batch of 10 datagrams").isEqualTo(1);
        assertThat(secondBatch).as("the next batch reads the clock again").isEqualTo(1);
        for (int i = 0; i < batch.length + 1; i++) {
            DatagramPacket reply = counted.readOutbound();
            assertThat(reply).as("answer %d", i).isNotNull();
            reply.release();
        }
        assertThat(counted.finishAndReleaseAll()).isFalse();
    }

    @Test
    void garbageGetsNoReplyIsCountedAndLeavesTheChannelOpen() {
        DatagramPacket garbage = new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5}), CLOUD, VIEWER);
        DatagramPacket oversized = new DatagramPacket(Unpooled.wrappedBuffer(new byte[5000]), CLOUD, VIEWER);

        channel.writeInbound(garbage, oversized);

        assertThat(channel.<Object>readOutbound()).isNull();
        assertThat(metrics.drops(DropReason.TOO_SHORT)).isEqualTo(1);
        assertThat(metrics.drops(DropReason.TOO_LONG)).isEqualTo(1);
        assertThat(garbage.refCnt()).isZero();
        assertThat(oversized.refCnt()).isZero();
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void anExceptionInThePipelineIsLoggedAndTheChannelStaysOpen() {
        channel.pipeline().fireExceptionCaught(new IllegalStateException("simulated"));

        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aCameraRegistersThroughTheHandler() throws Exception {
        TestCamera camera = new TestCamera();

        register(camera);

        assertThat(metrics.camerasOnline()).isEqualTo(1);
        assertThat(metrics.registrationTableBytes())
                .as("published after the batch")
                .isPositive();
    }

    @Test
    void theArmedTimerAnswersUnavailableWhenTheCameraNeverAnswers() throws Exception {
        TestCamera camera = new TestCamera();
        register(camera);
        channel.writeInbound(datagram(new ConnectRequest(9, camera.id(), List.of(), Bytes.EMPTY), VIEWER));
        DatagramPacket forward = channel.readOutbound();
        assertThat(forward.recipient()).isEqualTo(CAMERA);
        assertThat(decode(forward)).isInstanceOf(ConnectForward.class);

        advance(config.connectTimeout().plusMillis(1));

        DatagramPacket result = channel.readOutbound();
        assertThat(result.recipient()).isEqualTo(VIEWER);
        assertThat(decode(result)).isEqualTo(new ConnectResult(9, ConnectStatus.UNAVAILABLE, List.of(), Bytes.EMPTY));
        assertThat(metrics.connectResultsBytes())
                .as("the result kept for a repeat, published after the batch")
                .isPositive();
    }

    @Test
    void aCameraWithoutKeepalivesExpiresThroughTheTimer() throws Exception {
        TestCamera camera = new TestCamera();
        register(camera);

        // Expiry plus one full sweep of the table (the core sweeps a slice every 100 ms, all of it in 5 s).
        for (long waited = 0; waited <= config.expiry().toMillis() + 5_000; waited += 100) {
            advance(Duration.ofMillis(100));
        }

        assertThat(metrics.camerasOnline()).isZero();
    }

    @Test
    void aLookupIsAnsweredWhileARegistrationWaitsForItsSignatureCheckAndTheRegistrationCompletesAfter()
            throws Exception {
        List<Runnable> verifier = new ArrayList<>();
        Rendezvous core = new Rendezvous(config, new Random(8), metrics, now.get());
        EmbeddedChannel held = new EmbeddedChannel(new RendezvousHandler(
                core, metrics, now::get, new TcpFrontDoor(metrics), SignatureCheckPool.on(verifier::add)));
        held.freezeTime();
        TestCamera camera = new TestCamera();
        held.writeInbound(datagram(camera.hello(), CAMERA));
        RegisterChallenge challenge = (RegisterChallenge) decode(held.readOutbound());
        held.writeInbound(datagram(camera.register(challenge, List.of()), CAMERA));
        assertThat(held.<Object>readOutbound())
                .as("nothing until the signature is checked")
                .isNull();
        assertThat(verifier).hasSize(1);

        held.writeInbound(datagram(new Lookup(5, camera.id()), VIEWER));
        assertThat(decode(held.readOutbound())).isEqualTo(LookupResult.unavailable(5));

        verifier.removeFirst().run();
        held.runPendingTasks();
        DatagramPacket registered = held.readOutbound();
        assertThat(registered.recipient()).isEqualTo(CAMERA);
        assertThat(decode(registered)).isInstanceOf(Registered.class);
        assertThat(metrics.camerasOnline()).isEqualTo(1);
        held.checkException();
        assertThat(held.finishAndReleaseAll()).isFalse();
    }

    private void register(TestCamera camera) throws CloudDecodeException {
        channel.writeInbound(datagram(camera.hello(), CAMERA));
        RegisterChallenge challenge = (RegisterChallenge) decode(channel.readOutbound());
        channel.writeInbound(datagram(camera.register(challenge, List.of()), CAMERA));
        DatagramPacket registered = channel.readOutbound();
        assertThat(registered.recipient()).isEqualTo(CAMERA);
        camera.registered((Registered) decode(registered));
    }

    /** Moves the core's clock and the channel's scheduler together, then runs the timers that came due. */
    private void advance(Duration duration) {
        now.addAndGet(duration.toMillis());
        channel.advanceTimeBy(duration.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    private static DatagramPacket datagram(CloudMessage message, InetSocketAddress from) {
        return new DatagramPacket(Unpooled.wrappedBuffer(CloudCodec.encode(message)), CLOUD, from);
    }

    private static CloudMessage decode(DatagramPacket packet) throws CloudDecodeException {
        try {
            byte[] bytes = new byte[packet.content().readableBytes()];
            packet.content().getBytes(packet.content().readerIndex(), bytes);
            return CloudCodec.decode(bytes);
        } finally {
            packet.release();
        }
    }
}
