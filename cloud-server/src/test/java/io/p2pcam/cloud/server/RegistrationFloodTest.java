package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, section 1: many sources, each inside its registration rate, flood the cloud with
 * REGISTERs that cost a signature verification each (a valid-looking signature over other bytes,
 * on fresh cookies and on replayed ones). Lookups from an unrelated source and a registered
 * camera's keepalives must still be answered promptly: nothing that is not a registration waits
 * behind one.
 */
@Tag("realtime")
class RegistrationFloodTest {
    private static final int SOURCES = 300;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Duration FLOOD = Duration.ofSeconds(6);
    private static final Duration PROBE_DEADLINE = Duration.ofMillis(2000);
    private static final long PROBE_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @Test
    void underARegistrationFloodFromManySourcesLookupsAndKeepalivesAreStillAnswered() throws Exception {
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral());
                UdpCamera camera = new UdpCamera(server.udpAddress());
                UdpViewer viewer = new UdpViewer(server.udpAddress());
                Flood flood = new Flood(server.udpAddress())) {
            camera.register();
            flood.start();
            long probes = 0;
            long slowest = 0;
            long deadline = System.nanoTime() + FLOOD.toNanos();
            while (System.nanoTime() < deadline) {
                long started = System.nanoTime();
                viewer.peer.send(new Lookup(probes, camera.id()));
                CloudMessage lookupReply = viewer.peer.receive(PROBE_DEADLINE);
                assertThat(lookupReply)
                        .as(
                                "lookup %d under a flood of %d REGISTERs so far (%s)",
                                probes, flood.registers.get(), summary(server))
                        .isInstanceOf(LookupResult.class);
                camera.peer.send(camera.camera.keepalive());
                CloudMessage keepaliveReply = camera.peer.receive(PROBE_DEADLINE);
                assertThat(keepaliveReply)
                        .as(
                                "keepalive %d under a flood of %d REGISTERs so far (%s)",
                                probes, flood.registers.get(), summary(server))
                        .isInstanceOf(KeepaliveAck.class);
                slowest = Math.max(slowest, System.nanoTime() - started);
                probes++;
                // Pacing: ten probes a second keeps the viewer inside its own lookup rate (20/s).
                LockSupport.parkNanos(started + PROBE_INTERVAL_NANOS - System.nanoTime());
            }
            assertThat(flood.registers.get())
                    .as("the flood really sent REGISTERs")
                    .isGreaterThan(10_000);
            assertThat(probes).isGreaterThan(5);
            assertThat(Duration.ofNanos(slowest)).isLessThan(PROBE_DEADLINE.multipliedBy(2));
        }
    }

    private static String summary(CloudServer server) {
        StringBuilder text = new StringBuilder("server read " + server.metrics().packetsIn() + " datagrams; drops:");
        for (DropReason reason : DropReason.values()) {
            long count = server.metrics().drops(reason);
            if (count > 0) {
                text.append(' ').append(reason.label()).append('=').append(count);
            }
        }
        return text.toString();
    }

    /** {@value #SOURCES} sources on 127.0.x.y, each sending a HELLO and a REGISTER every 100 ms (its registration rate, 20/s, exactly). */
    private static final class Flood implements AutoCloseable {
        final AtomicLong registers = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final InetSocketAddress cloud;
        private final List<Source> sources = new ArrayList<>();
        private final Thread thread;

        Flood(InetSocketAddress cloud) throws IOException {
            this.cloud = cloud;
            for (int i = 0; i < SOURCES; i++) {
                InetAddress address =
                        InetAddress.getByAddress(new byte[] {127, 1, (byte) (i / 200), (byte) (1 + i % 200)});
                sources.add(new Source(address));
            }
            this.thread =
                    Thread.ofPlatform().daemon().name("registration-flood").unstarted(this::run);
        }

        void start() {
            thread.start();
        }

        private void run() {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            long next = System.nanoTime();
            try {
                while (running.get()) {
                    for (Source source : sources) {
                        source.tick(buffer, cloud);
                        registers.incrementAndGet();
                    }
                    next += TICK_NANOS;
                    LockSupport.parkNanos(next - System.nanoTime()); // pacing, not a condition
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            running.set(false);
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Source source : sources) {
                source.channel.close();
            }
        }
    }

    /** One flooding source: one key, signed once; later REGISTERs carry that stale signature. */
    private static final class Source {
        final DatagramChannel channel;
        final TestCamera identity = new TestCamera();
        Bytes cookie;
        Bytes staleSignature;

        Source(InetAddress address) throws IOException {
            channel = DatagramChannel.open(StandardProtocolFamily.INET);
            channel.bind(new InetSocketAddress(address, 0));
            channel.configureBlocking(false);
        }

        void tick(ByteBuffer buffer, InetSocketAddress cloud) throws IOException {
            buffer.clear();
            while (channel.receive(buffer) != null) {
                buffer.flip();
                try {
                    if (CloudCodec.decode(buffer.array(), 0, buffer.limit()) instanceof RegisterChallenge c) {
                        cookie = c.cookie();
                    }
                } catch (CloudDecodeException e) {
                    throw new AssertionError(e);
                }
                buffer.clear();
            }
            channel.send(ByteBuffer.wrap(CloudCodec.encode(new RegisterHello(1, identity.publicKey()))), cloud);
            if (cookie == null) {
                return;
            }
            if (staleSignature == null) {
                staleSignature = TestCamera.signedRegister(identity.identity(), identity.publicKey(), cookie, List.of())
                        .signature();
            }
            Register register = new Register(2, identity.publicKey(), cookie, List.of(), staleSignature);
            channel.send(ByteBuffer.wrap(CloudCodec.encode(register)), cloud);
        }
    }
}
