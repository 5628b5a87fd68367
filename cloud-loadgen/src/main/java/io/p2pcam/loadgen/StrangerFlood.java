package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.ConnectAttempt;
import io.p2pcam.protocol.cloud.ConnectAttemptEvent;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdFormatException;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.Tai64n;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import io.p2pcam.protocol.session.ViewerHandshake;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cloud-loadgen strangers}: strangers knocking at one camera, for the benchmark of a paired
 * viewer under attack (docs/BENCHMARKS.md). Every attempt is a real first handshake message from a
 * new viewer key with a wrong password, sent as a CONNECT_REQUEST through the cloud, so the camera
 * does what it does for a real stranger (its unpaired budget, then the handshake). Attempts rotate
 * over several source addresses (127.0.0.2, 127.0.0.3, … on loopback) so that the cloud's
 * per-address request limit is not what stops them: the cloud's per-camera connect cap is. Prints
 * one line of JSON: attempts sent and how the cloud answered them.
 */
@Command(
        name = "strangers",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpWidth = 100,
        description = "Sends connect requests to one camera as strangers would (a new viewer key and a wrong "
                + "password each time) at a steady rate from several loopback source addresses, and prints one "
                + "line of JSON: attempts, and the cloud's answers by kind. Exit codes: 0 done, 1 the camera "
                + "could not be looked up, 2 bad flags.")
public final class StrangerFlood implements Callable<Integer> {
    @Option(
            names = "--cloud",
            defaultValue = "127.0.0.1:32100",
            description = "The cloud's UDP address (default: ${DEFAULT-VALUE}).")
    String cloud;

    @Option(names = "--camera", required = true, paramLabel = "ID", description = "The camera to knock at.")
    String camera;

    @Option(
            names = "--rate",
            defaultValue = "200",
            description = "Attempts per second, over all sources (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--sources",
            defaultValue = "10",
            description = "Source addresses 127.0.0.2 … (loopback clouds; default: ${DEFAULT-VALUE}).")
    int sources;

    @Option(names = "--duration", defaultValue = "30", description = "Seconds to send (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Long> answers = new LinkedHashMap<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (rate <= 0 || sources < 1 || sources > 250 || durationSeconds <= 0) {
            System.err.println("strangers: --rate and --duration must be positive, --sources 1 to 250");
            return 2;
        }
        CameraId id;
        try {
            id = CameraId.parse(camera);
        } catch (CameraIdFormatException e) {
            System.err.println("strangers: camera ID " + camera + ": " + e.getMessage());
            return 2;
        }
        InetSocketAddress target = LoadGenCommand.parseCloud(cloud);
        List<DatagramChannel> channels = open(target);
        try {
            CameraPublicKey key = lookUp(channels.getFirst(), target, id);
            if (key == null) {
                System.err.println("strangers: the cloud does not know camera " + id);
                return 1;
            }
            long started = System.nanoTime();
            long sent = flood(channels, target, id, key);
            double elapsed = (System.nanoTime() - started) / 1e9;
            drain(channels, TimeUnit.SECONDS.toNanos(6)); // the cloud answers a connect within its timeout (5 s)
            long answered = answers.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("camera", id.toString());
            line.put("sources", sources);
            // Elapsed, not asked for: a generator short of CPU falls behind and says so here.
            line.put("seconds", Math.round(elapsed * 10) / 10.0);
            line.put("attempts", sent);
            line.put("attemptsPerSecond", Math.round(sent / elapsed * 10) / 10.0);
            line.put("answers", answers);
            line.put("unanswered", sent - answered);
            System.out.println(Json.write(line));
            return 0;
        } finally {
            for (DatagramChannel channel : channels) {
                channel.close();
            }
        }
    }

    private List<DatagramChannel> open(InetSocketAddress target) throws IOException {
        List<DatagramChannel> channels = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            DatagramChannel channel = DatagramChannel.open();
            InetAddress local = target.getAddress().isLoopbackAddress()
                    ? InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)})
                    : null;
            channel.bind(new InetSocketAddress(local, 0));
            channel.configureBlocking(false);
            channels.add(channel);
        }
        return channels;
    }

    private CameraPublicKey lookUp(DatagramChannel channel, InetSocketAddress target, CameraId id) throws IOException {
        long now = System.nanoTime() / 1_000_000;
        ConnectAttempt attempt = ConnectAttempt.lookUp(id, random, now, now + 5_000);
        ByteBuffer buffer = ByteBuffer.allocate(CloudCodec.MAX_DATAGRAM);
        while (true) {
            byte[] out;
            while ((out = attempt.pollTransmit()) != null) {
                channel.send(ByteBuffer.wrap(out), target);
            }
            ConnectAttemptEvent event = attempt.pollEvent();
            if (event instanceof ConnectAttemptEvent.KeyFound found) {
                return found.key();
            } else if (event != null) {
                return null;
            }
            buffer.clear();
            if (channel.receive(buffer) != null) {
                try {
                    attempt.handleMessage(CloudCodec.decode(buffer.array(), 0, buffer.position()), now);
                } catch (CloudDecodeException e) {
                    // not for us
                }
            } else {
                LockSupport.parkNanos(1_000_000);
            }
            now = System.nanoTime() / 1_000_000;
            attempt.handleTimeout(now);
        }
    }

    private long flood(List<DatagramChannel> channels, InetSocketAddress target, CameraId id, CameraPublicKey key)
            throws IOException {
        long interval = (long) (1e9 / rate);
        long start = System.nanoTime();
        long end = start + (long) (durationSeconds * 1e9);
        long next = start;
        long sent = 0;
        Password wrongPassword = Password.of(HexFormat.of().formatHex(random.generateSeed(12)));
        while (next < end) {
            long now = System.nanoTime();
            if (now < next) {
                drainOnce(channels);
                LockSupport.parkNanos(Math.min(next - now, 1_000_000));
                continue;
            }
            ViewerHandshake handshake = new ViewerHandshake(
                    id,
                    key,
                    KeyPair.generate(random),
                    new ViewerHello(random.nextInt() | 1, true, List.of(), wrongPassword, "stranger"),
                    Tai64n.epochNanos(Clock.systemUTC().instant()),
                    random);
            byte[] request =
                    CloudCodec.encode(new ConnectRequest(random.nextLong(), id, List.of(), handshake.firstMessage()));
            channels.get((int) (sent % channels.size())).send(ByteBuffer.wrap(request), target);
            sent++;
            next += interval;
        }
        return sent;
    }

    private void drain(List<DatagramChannel> channels, long forNanos) {
        long until = System.nanoTime() + forNanos;
        while (System.nanoTime() < until) {
            if (!drainOnce(channels)) {
                LockSupport.parkNanos(5_000_000);
            }
        }
    }

    /** Reads every answer waiting; true if there was one. */
    private boolean drainOnce(List<DatagramChannel> channels) {
        boolean any = false;
        ByteBuffer buffer = ByteBuffer.allocate(CloudCodec.MAX_DATAGRAM);
        for (DatagramChannel channel : channels) {
            try {
                buffer.clear();
                while (channel.receive(buffer) != null) {
                    any = true;
                    count(CloudCodec.decode(buffer.array(), 0, buffer.position()));
                    buffer.clear();
                }
            } catch (IOException | CloudDecodeException e) {
                answers.merge("undecodable", 1L, Long::sum);
            }
        }
        return any;
    }

    private void count(CloudMessage message) {
        String kind = switch (message) {
            case ConnectResult result -> result.status().name().toLowerCase(Locale.ROOT);
            case ErrorReply error -> "error_" + error.code().name().toLowerCase(Locale.ROOT);
            default -> "other_" + message.type().name().toLowerCase(Locale.ROOT);
        };
        answers.merge(kind, 1L, Long::sum);
    }
}
