package io.p2pcam.loadgen;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cloud's live heap, measured from outside with {@code jcmd PID GC.class_histogram}: that
 * command runs a full GC and then sums every live object, so the figure is exact. (The
 * {@code jvm_heap_used_bytes} gauge is not: read just after a GC it still counts whole TLABs
 * handed out since, tens of MB on a large young generation.) {@code jcmd} is taken from the JDK
 * this generator runs on.
 */
final class ServerHeap {
    private static final String TOTAL = "Total";

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

    /** Bytes of live objects after a full GC; throws with jcmd's own words when it fails. */
    long liveBytesAfterFullGc() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + pid + " GC.class_histogram did not finish in 120 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " GC.class_histogram failed: "
                    + output.strip().lines().reduce((a, b) -> b).orElse(""));
        }
        return parseTotal(output);
    }

    /** The byte total from a class histogram's last line: {@code Total <instances> <bytes>}. */
    static long parseTotal(String histogram) throws IOException {
        for (String line : histogram.strip().lines().toList().reversed()) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 3 && fields[0].equals(TOTAL)) {
                try {
                    return Long.parseLong(fields[2]);
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        throw new IOException("jcmd class histogram has no \"Total\" line");
    }
}
