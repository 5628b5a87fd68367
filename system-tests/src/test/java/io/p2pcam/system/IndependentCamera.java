package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Python camera of tools/independent-camera (written from docs/PROTOCOL.md alone), running in the
 * background: its JSON event lines (registered, viewer admitted, viewer refused, viewer left) are
 * read as they come, its log goes to a file.
 */
final class IndependentCamera implements AutoCloseable {
    static final Path TOOL = JarProcesses.ROOT.resolve("tools/independent-camera");
    static final String NEEDS =
            "needs python3 with its cryptography package and ffmpeg (apt-get install python3-cryptography ffmpeg)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    private final Thread reader;
    /** Set before the process is destroyed: the reader's stream closing under it is then the end, not an error. */
    private volatile boolean closed;
    /** Why the reader stopped before the camera was closed, reported by {@link #await}; null while it reads. */
    private volatile IOException broken;

    /** Reads {@code process}'s standard output as the camera's event lines until it is closed. */
    IndependentCamera(Process process) {
        this.process = process;
        reader = new Thread(this::readEvents, "independent-camera-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Whether python3 with cryptography, and ffmpeg to make the camera's video, are there. */
    static boolean runnable() throws IOException, InterruptedException {
        return IndependentViewer.runnable()
                && IndependentViewer.run(List.of("ffmpeg", "-version"), Map.of(), 30)
                                .exit()
                        == 0;
    }

    /**
     * A 3 s H.264 Annex-B file of ffmpeg's test pattern, {@code width}x{@code height} at 30 frames
     * per second, a keyframe every second, constrained baseline (no B-frames) as §10.2 sends.
     */
    static Path testVideo(Path dir, int width, int height) throws IOException, InterruptedException {
        Path file = dir.resolve("testsrc.h264");
        IndependentViewer.Outcome made = IndependentViewer.run(
                List.of(
                        "ffmpeg",
                        "-v",
                        "error",
                        "-nostdin",
                        "-y",
                        "-f",
                        "lavfi",
                        "-i",
                        "testsrc=size=%dx%d:rate=30".formatted(width, height),
                        "-t",
                        "3",
                        "-c:v",
                        "libx264",
                        "-profile:v",
                        "baseline",
                        "-g",
                        "30",
                        "-keyint_min",
                        "30",
                        "-sc_threshold",
                        "0",
                        "-pix_fmt",
                        "yuv420p",
                        file.toString()),
                Map.of(),
                60);
        assertThat(made.exit()).as(made.output()).isZero();
        return file;
    }

    /**
     * Starts the camera on loopback with {@code password} in its environment (never on its command
     * line) and {@code more} arguments.
     */
    static IndependentCamera start(Path dir, InetSocketAddress cloud, String password, Path video, String... more)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "python3",
                "-B",
                "camera.py",
                "--cloud",
                cloud.getAddress().getHostAddress() + ":" + cloud.getPort(),
                "--video",
                video.toString(),
                "--bind",
                "127.0.0.1",
                "--key-file",
                dir.resolve("camera.key").toString()));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(TOOL.toFile())
                .redirectError(dir.resolve("camera.log").toFile());
        builder.environment().put("P2PCAM_PASSWORD", password);
        return new IndependentCamera(builder.start());
    }

    /** The first event named {@code name} that {@code test} accepts, waiting at most {@code timeout}. */
    JsonNode await(String name, Predicate<JsonNode> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JsonNode event : seen) {
            if (event.path("event").asText().equals(name) && test.test(event)) {
                return event;
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode event = left > 0 ? events.poll(left, TimeUnit.NANOSECONDS) : null;
            if (event == null) {
                throw new AssertionError(
                        "the independent camera reported no '" + name + "' within " + timeout + "; it reported " + seen
                                + (broken != null ? "; its output could not be read" : ""),
                        broken);
            }
            seen.add(event);
            if (event.path("event").asText().equals(name) && test.test(event)) {
                return event;
            }
        }
    }

    JsonNode await(String name, Duration timeout) throws InterruptedException {
        return await(name, event -> true, timeout);
    }

    /**
     * Runs on the reader thread until the output ends. Nothing may escape it: in this JVM TestFX's
     * default uncaught-exception handler would throw it from the next TestFX call of a later,
     * unrelated test class. {@link #close} closes the stream under a read in progress ("Stream
     * closed"), which ends the reading; any other failure is kept for {@link #await} to report.
     */
    private void readEvents() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                events.add(JSON.readTree(line));
            }
        } catch (IOException e) {
            if (!closed) {
                broken = e;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the thread reading the camera's output ended within {@code timeout}. */
    boolean readerEnded(Duration timeout) throws InterruptedException {
        reader.join(timeout);
        return !reader.isAlive();
    }
}
