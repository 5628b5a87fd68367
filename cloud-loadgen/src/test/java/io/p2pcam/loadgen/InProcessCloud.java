package io.p2pcam.loadgen;

import com.sun.net.httpserver.HttpServer;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.PartyCaps;
import io.p2pcam.cloud.core.Quotas;
import io.p2pcam.cloud.core.Rendezvous;
import io.p2pcam.cloud.core.SignatureCheck;
import io.p2pcam.cloud.core.Transmit;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * A throwaway cloud for the generator's own tests and for developing it before the real server
 * existed: the sans-I/O {@link Rendezvous} behind one non-blocking UDP channel on one thread, and
 * a {@code /metrics} endpoint with the names the real server exports. Test scope only.
 *
 * <p>{@code main(port, httpPort, registerRate, requestRate)} runs it standalone.
 */
final class InProcessCloud implements AutoCloseable {
    private final DatagramChannel channel;
    private final Selector selector;
    private final Rendezvous core;
    private final HttpServer http;
    private final Thread loop;
    /** What the wire does to each datagram the cloud sends: nothing, or a test's tampering. */
    private final UnaryOperator<byte[]> onTheWay;

    private final Map<DropReason, LongAdder> drops = new ConcurrentHashMap<>();
    private volatile long camerasOnline;
    private volatile long tableBytes;
    private volatile boolean running = true;

    InProcessCloud(CloudConfig config, int httpPort) throws IOException {
        this(config, new InetSocketAddress("127.0.0.1", 0), httpPort);
    }

    InProcessCloud(CloudConfig config, InetSocketAddress bind, int httpPort) throws IOException {
        this(config, bind, httpPort, UnaryOperator.identity());
    }

    /** A cloud whose every outgoing datagram passes {@code onTheWay} before it is sent (a tampering path). */
    InProcessCloud(CloudConfig config, int httpPort, UnaryOperator<byte[]> onTheWay) throws IOException {
        this(config, new InetSocketAddress("127.0.0.1", 0), httpPort, onTheWay);
    }

    private InProcessCloud(CloudConfig config, InetSocketAddress bind, int httpPort, UnaryOperator<byte[]> onTheWay)
            throws IOException {
        this.onTheWay = onTheWay;
        channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        channel.bind(bind);
        channel.configureBlocking(false);
        selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
        CloudEvents events = new CloudEvents() {
            @Override
            public void dropped(DropReason reason) {
                drops.computeIfAbsent(reason, r -> new LongAdder()).increment();
            }
        };
        core = new Rendezvous(config, new SplittableRandom(new SecureRandom().nextLong()), events, now());
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 0);
        http.createContext("/metrics", exchange -> {
            byte[] body = metrics().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        loop = Thread.ofPlatform().name("in-process-cloud").start(this::run);
    }

    InetSocketAddress udpAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    URI metricsUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/metrics");
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void run() {
        ByteBuffer in = ByteBuffer.allocate(2048);
        long lastStats = 0;
        try {
            while (running) {
                long wait = Math.max(1, Math.min(100, core.nextTimeout() - now()));
                selector.select(wait);
                selector.selectedKeys().clear();
                for (int i = 0; i < 256; i++) {
                    in.clear();
                    InetSocketAddress from = (InetSocketAddress) channel.receive(in);
                    if (from == null) {
                        break;
                    }
                    core.handleDatagram(in.array(), 0, in.position(), from, now());
                    flush();
                }
                if (now() >= core.nextTimeout()) {
                    core.handleTimeout(now());
                    flush();
                }
                if (now() - lastStats >= 100) {
                    camerasOnline = core.camerasOnline();
                    tableBytes = core.registrationTableBytes();
                    lastStats = now();
                }
            }
        } catch (IOException e) {
            if (running) {
                throw new IllegalStateException("in-process cloud failed", e);
            }
        }
    }

    private void flush() throws IOException {
        // Signature checks on this one thread: this test cloud measures the generator, not the verifier pool.
        for (SignatureCheck check = core.pollSignatureCheck(); check != null; check = core.pollSignatureCheck()) {
            core.signatureChecked(check, check.verify(), now());
        }
        for (Transmit transmit = core.pollTransmit(); transmit != null; transmit = core.pollTransmit()) {
            channel.send(ByteBuffer.wrap(onTheWay.apply(transmit.data())), transmit.to());
        }
    }

    private String metrics() {
        StringBuilder text = new StringBuilder();
        text.append("# TYPE p2pcam_cameras_online gauge\np2pcam_cameras_online ")
                .append(camerasOnline)
                .append('\n');
        text.append("p2pcam_registration_table_bytes ").append(tableBytes).append('\n');
        Runtime runtime = Runtime.getRuntime();
        text.append("p2pcam_jvm_heap_used_bytes ")
                .append(runtime.totalMemory() - runtime.freeMemory())
                .append('\n');
        new TreeMap<>(drops)
                .forEach((reason, count) -> text.append("p2pcam_drops_total{reason=\"")
                        .append(reason.label())
                        .append("\"} ")
                        .append(count.sum())
                        .append('\n'));
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close the sockets all the same; the caller sees the flag
        }
        http.stop(0);
        selector.close();
        channel.close();
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 32100;
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 32180;
        double registerRate = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        double requestRate = args.length > 3 ? Double.parseDouble(args[3]) : 20;
        CloudConfig config = CloudConfig.defaults()
                .withRates(
                        new CloudConfig.RateLimit(registerRate, (int) Math.max(60, registerRate * 3)),
                        new CloudConfig.RateLimit(requestRate, (int) Math.max(60, requestRate * 3)))
                .withQuotas(Quotas.defaults() // the whole generator is one party, 127.0.0.1
                        .withRegistrations(new PartyCaps(2_000_000, 2_000_000, 2_000_000))
                        .withPendingConnects(new PartyCaps(100_000, 100_000, 100_000)));
        InProcessCloud cloud = new InProcessCloud(config, new InetSocketAddress("127.0.0.1", port), httpPort);
        System.out.println("in-process cloud on " + cloud.udpAddress() + ", metrics " + cloud.metricsUrl() + ", pid "
                + ProcessHandle.current().pid());
        cloud.loop.join();
    }
}
