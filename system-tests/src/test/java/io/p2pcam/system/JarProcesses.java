package io.p2pcam.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jars as real processes on this host, with this JVM's java: some started in the
 * background and stopped by {@link #stopAll} after the test, others run to their end for what they print.
 */
final class JarProcesses {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path CAMERA_JAR = ROOT.resolve("camera-emulator/target/camera-emulator.jar");
    static final Path VIEWER_JAR = ROOT.resolve("viewer-desktop/target/viewer-desktop.jar");
    static final Path CLOUD_JAR = ROOT.resolve("cloud-server/target/cloud-server.jar");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Process> started = new ArrayList<>();

    /** Starts java with {@code args} in the background, stdout and stderr to {@code log}; returns it. */
    Process start(Path log, String... args) throws IOException {
        Process process = new ProcessBuilder(command(args))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        started.add(process);
        return process;
    }

    /**
     * Starts java with {@code args} in the background, stdout to {@code out} and stderr to {@code
     * err} (probe's JSON line apart from its log), and returns it: a test signals it.
     */
    Process start(Path out, Path err, String... args) throws IOException {
        Process process = new ProcessBuilder(command(args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        started.add(process);
        return process;
    }

    /** Runs java with {@code args} to its end (at most 60 s) and returns what it printed on stdout. */
    static String run(String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(args))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " took over 60 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** The ID of the camera whose state (its key, made if missing) is in {@code stateDir}: `camera id`'s last line. */
    static String cameraId(Path stateDir) throws IOException, InterruptedException {
        return run("-jar", CAMERA_JAR.toString(), "id", "--state-dir", stateDir.toString())
                .strip()
                .lines()
                .reduce((first, last) -> last)
                .orElseThrow();
    }

    /** A file's text, or "" when it is not there (yet). */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The last line of {@code output}, as JSON (probe prints one line of figures last). */
    static JsonNode lastJsonLine(String output) {
        String line = output.strip().lines().reduce((first, last) -> last).orElseThrow();
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }

    /** Stops what {@link #start} started: politely, then by force after 10 s. */
    void stopAll() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        started.clear();
    }

    /** java (this JVM's) with {@code args}. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(
                List.of(ProcessHandle.current().info().command().orElse("java"), "--enable-native-access=ALL-UNNAMED"));
        command.addAll(List.of(args));
        return command;
    }
}
