package io.p2pcam.installers;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished command: exit code and what it printed. */
record ProcessResult(int exit, String stdout, String stderr) {

    /** Runs a command to its end (killed after {@code timeout}), with extra environment variables. */
    static ProcessResult run(List<String> command, Map<String, String> environment, Path directory, Duration timeout)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("p2pcam-it", ".out");
        Path err = Files.createTempFile("p2pcam-it", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "; it printed: " + Files.readString(out) + Files.readString(err));
            }
            return new ProcessResult(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
