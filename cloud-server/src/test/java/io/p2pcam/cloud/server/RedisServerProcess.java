package io.p2pcam.cloud.server;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code redis-server} as a real process on a free loopback port, with no persistence
 * ({@code --save '' --appendonly no}: a restart comes back empty, as a Redis that lost its data).
 * Tests that need it are skipped, saying why, when {@value #BINARY} is not installed
 * ({@code apt-get install redis-server}). Not thread-safe.
 */
final class RedisServerProcess implements AutoCloseable {
    static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    /** Arguments of its own: a cluster-mode one's. */
    private final List<String> options;

    private Process process;

    private RedisServerProcess(int port, List<String> options) {
        this.port = port;
        this.options = options;
    }

    /**
     * Starts one in Redis Cluster mode (a cluster of one node, its state in a temporary directory),
     * or skips the calling test when redis-server is absent.
     */
    static RedisServerProcess startInClusterModeOrSkip(String... moreOptions) {
        try {
            Path dir = Files.createTempDirectory("redis-cluster-mode");
            dir.toFile().deleteOnExit();
            List<String> options = new ArrayList<>(List.of(
                    "--cluster-enabled",
                    "yes",
                    "--dir",
                    dir.toString(),
                    "--cluster-config-file",
                    dir.resolve("nodes.conf").toString()));
            options.addAll(List.of(moreOptions));
            return startOrSkip(options.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts one with {@code options} of redis-server's (as {@code "--rename-command", "HELLO",
     * "HELLO-OFF"}), or skips the calling test when redis-server is absent.
     */
    static RedisServerProcess startOrSkip(String... options) {
        assumeTrue(
                Files.isExecutable(Path.of(BINARY)),
                BINARY + " is not installed (apt-get install redis-server): cluster tests skipped");
        RedisServerProcess redis = new RedisServerProcess(freePort(), List.of(options));
        redis.start();
        return redis;
    }

    URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    /** Starts (again, on the same port, empty). Returns once it accepts connections. */
    void start() {
        try {
            List<String> command = new ArrayList<>(List.of(
                    BINARY,
                    "--port",
                    Integer.toString(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no"));
            command.addAll(options);
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Eventually.await("redis-server accepts connections", Duration.ofSeconds(10), this::accepts);
    }

    /** Stops it at once (SIGKILL: what a crash or a cut cable looks like to its clients). */
    void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Stops it answering (SIGSTOP): connections stay open and commands go unanswered, as a hung Redis. */
    void pause() {
        signal("-STOP");
    }

    /** Lets a {@link #pause}d one answer again (SIGCONT). */
    void resume() {
        signal("-CONT");
    }

    private void signal(String which) {
        try {
            Process kill = new ProcessBuilder("kill", which, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + which + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        kill();
    }
}
