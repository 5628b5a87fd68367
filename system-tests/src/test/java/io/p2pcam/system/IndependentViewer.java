package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Python viewer of tools/independent-viewer (written from docs/PROTOCOL.md alone) and
 * Debian's ffmpeg and ffprobe on what it wrote, for the tests that keep invariant 6 true.
 */
final class IndependentViewer {
    static final Path TOOL = JarProcesses.ROOT.resolve("tools/independent-viewer");
    static final String NEEDS_CRYPTOGRAPHY =
            "needs python3 with its cryptography package (apt-get install python3-cryptography)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IndependentViewer() {}

    record Outcome(int exit, String output) {}

    /** Whether python3 and its cryptography package are there to run the viewer. */
    static boolean runnable() throws IOException, InterruptedException {
        return run(List.of("python3", "-c", "import cryptography"), Map.of(), 30)
                        .exit()
                == 0;
    }

    /** Runs the viewer on the rig's first camera until it has {@code frames} frames; its JSON line of results. */
    static JsonNode watch(CameraRig rig, Path out, String password, int frames, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                "python3",
                "-B",
                "viewer.py",
                "--cloud",
                rig.cloudAddress(),
                "--camera",
                rig.ids().getFirst().toString(),
                "--out",
                out.toString(),
                "--frames",
                String.valueOf(frames),
                "--seconds",
                "20"));
        command.addAll(List.of(more));
        // The password goes in the environment, as the viewer takes it: never on a command line.
        Outcome viewer = run(command, Map.of("P2PCAM_PASSWORD", password), 60);
        assertThat(viewer.exit()).as(viewer.output()).isZero();
        return JarProcesses.lastJsonLine(viewer.output());
    }

    /** ffprobe's description of the file's video, once ffmpeg has decoded it all without an error. */
    static JsonNode decodedVideo(Path file) throws Exception {
        Outcome decode = run(
                List.of(tool("ffmpeg"), "-v", "error", "-nostdin", "-i", file.toString(), "-f", "null", "-"),
                Map.of(),
                60);
        assertThat(decode.exit()).as(decode.output()).isZero();
        assertThat(decode.output()).as("ffmpeg's decoding errors").isBlank();
        Outcome probe = run(
                List.of(
                        tool("ffprobe"),
                        "-v",
                        "error",
                        "-count_frames",
                        "-show_entries",
                        "stream=codec_name,width,height,nb_read_frames",
                        "-of",
                        "json",
                        file.toString()),
                Map.of(),
                30);
        assertThat(probe.exit()).as(probe.output()).isZero();
        return JSON.readTree(probe.output()).get("streams").get(0);
    }

    /** Runs {@code command} in the tool's directory to its end, stdout and stderr together. */
    static Outcome run(List<String> command, Map<String, String> env, int seconds)
            throws IOException, InterruptedException {
        return run(TOOL, command, env, seconds);
    }

    /** Runs {@code command} in {@code directory} to its end, stdout and stderr together. */
    static Outcome run(Path directory, List<String> command, Map<String, String> env, int seconds)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Outcome(-1, e.getMessage()); // not installed
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
        }
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static String tool(String name) {
        for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(path, name))) {
                return Path.of(path, name).toString();
            }
        }
        throw new AssertionError(name + " is not installed; './p2pcam test' installs it (apt-get install ffmpeg)");
    }
}
