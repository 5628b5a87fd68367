package io.p2pcam.loadgen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a full GC in the cloud's JVM ({@code jcmd PID GC.run}) so that its heap figure counts live
 * objects only. {@code jcmd} is taken from the JDK this generator runs on.
 */
final class ServerHeap {
    private final long pid;
    private final Path jcmd;

    ServerHeap(long pid) {
        this.pid = pid;
        this.jcmd = findJcmd();
    }

    private static Path findJcmd() {
        Optional<String> command = ProcessHandle.current().info().command();
        if (command.isPresent()) {
            Path sibling = Path.of(command.get()).resolveSibling("jcmd");
            if (Files.isExecutable(sibling)) {
                return sibling;
            }
        }
        return Path.of(System.getProperty("java.home"), "bin", "jcmd");
    }

    /** Blocks until the server's full GC has run; throws with jcmd's own words when it fails. */
    void fullGc() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.run did not finish in 120 s");
        }
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.run failed: " + output.lines().reduce((a, b) -> b).orElse(""));
        }
    }
}
