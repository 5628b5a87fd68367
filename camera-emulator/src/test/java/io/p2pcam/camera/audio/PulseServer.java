package io.p2pcam.camera.audio;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private PulseAudio server for tests on machines with no sound card: one null sink,
 * {@link #SINK}, whose monitor ({@link #MONITOR}) is a sound input that hears whatever is played
 * into the sink. It listens on its own socket under a temporary directory; child processes reach
 * it through {@link #environment()}. Closing it ends the server.
 */
final class PulseServer implements AutoCloseable {
    static final String SINK = "p2pcam_test";
    static final String MONITOR = SINK + ".monitor";

    private final Path socket;
    private final Process process;

    private PulseServer(Path socket, Process process) {
        this.socket = socket;
        this.process = process;
    }

    /** The pulseaudio binary, or empty (the test then skips, saying how to install it). */
    static Optional<Path> binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "pulseaudio");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Starts a server in {@code directory} and returns once it answers {@code pactl info}. */
    static PulseServer start(Path binary, Path directory) throws IOException, InterruptedException {
        Path socket = directory.resolve("native");
        Process process = new ProcessBuilder(
                        binary.toString(),
                        "-n", // no default.pa: only the modules below
                        "--daemonize=no",
                        "--exit-idle-time=-1",
                        "--use-pid-file=no",
                        "--disallow-exit",
                        "-L",
                        "module-native-protocol-unix socket=" + socket + " auth-anonymous=1",
                        "-L",
                        "module-null-sink sink_name=" + SINK + " rate=48000 channels=1")
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("pulseaudio.log").toFile())
                .directory(directory.toFile())
                .start();
        PulseServer server = new PulseServer(socket, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!server.answers()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                server.close();
                throw new IOException("pulseaudio did not start: "
                        + Files.readString(directory.resolve("pulseaudio.log")).strip());
            }
            // pactl itself takes the time between attempts (a process start), no sleep here
        }
        return server;
    }

    private boolean answers() throws IOException, InterruptedException {
        Process pactl = command(List.of("pactl", "info"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return pactl.waitFor(10, TimeUnit.SECONDS) && pactl.exitValue() == 0;
    }

    /** A process builder for {@code command} that talks to this server (PULSE_SERVER, its own HOME). */
    ProcessBuilder command(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment());
        return builder;
    }

    /** What a child process needs in its environment to use this server. */
    Map<String, String> environment() {
        return Map.of(
                "PULSE_SERVER", "unix:" + socket, "HOME", socket.getParent().toString());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
