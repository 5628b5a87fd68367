package io.p2pcam.cloud.server;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of its own (needs root), for tests that must shape a network the machine's
 * other users share: a queueing discipline on its loopback, an interface with a link-local address.
 * Sockets are made in it by {@link #open}, which runs the code on a thread moved into the namespace
 * with {@code setns}: a socket stays in the namespace it was made in, whichever thread drives it
 * later, so the test's event loops and JDK sockets serve it from the machine's namespace. {@link
 * #close} deletes the namespace with its interfaces.
 */
@SuppressWarnings("restricted") // setns and open through the FFM API: this test helper's point
final class NetworkNamespace implements AutoCloseable {
    private static final int O_RDONLY = 0;
    private static final int CLONE_NEWNET = 0x40000000;

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Whether this process may make namespaces (root). */
    static boolean available() {
        return "root".equals(System.getProperty("user.name")) && LinuxSocketCalls.available();
    }

    /** A new namespace with its loopback up; the name gets the process id so parallel runs differ. */
    static NetworkNamespace create(String prefix) throws IOException, InterruptedException {
        NetworkNamespace namespace =
                new NetworkNamespace(prefix + "-" + ProcessHandle.current().pid());
        run("ip", "netns", "del", namespace.name); // left by a run that was killed: ignore the answer
        ip("netns", "add", namespace.name);
        try {
            namespace.in("ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            namespace.close();
            throw e;
        }
        return namespace;
    }

    /** Runs {@code command} (ip, tc...) in the namespace: its output; fails with it when it fails. */
    String in(String... command) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("netns", "exec", name));
        arguments.addAll(List.of(command));
        return ip(arguments.toArray(String[]::new));
    }

    /** The namespace's name (for {@code ip link ... netns NAME}). */
    String name() {
        return name;
    }

    /** Runs {@code code} on a fresh thread inside the namespace: the sockets it makes live there. */
    <T> T open(Callable<T> code) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        enter();
                        result.complete(code.call());
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                },
                "in-" + name);
        thread.start(); // the thread ends in the namespace: no other code ever runs on it
        try {
            return result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void enter() throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle open = linker.downcallHandle(
                linker.defaultLookup().find("open").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        MethodHandle setns = linker.downcallHandle(
                linker.defaultLookup().find("setns").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        MethodHandle close = linker.downcallHandle(
                linker.defaultLookup().find("close").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment path = arena.allocateFrom("/var/run/netns/" + name, StandardCharsets.UTF_8);
            int fd = (int) open.invokeExact(path, O_RDONLY);
            if (fd < 0) {
                throw new IOException("cannot open namespace " + name);
            }
            int entered = (int) setns.invokeExact(fd, CLONE_NEWNET);
            int ignored = (int) close.invokeExact(fd);
            if (entered != 0) {
                throw new IOException("cannot enter namespace " + name);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            run("ip", "netns", "del", name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String ip(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Result result = run(command.toArray(String[]::new));
        if (!result.succeeded()) {
            throw new IOException(String.join(" ", command) + " failed: " + result.output());
        }
        return result.output();
    }

    private record Result(boolean succeeded, String output) {}

    /** Runs {@code command}: whether it succeeded, and its output. */
    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(false, "timed out");
        }
        return new Result(process.exitValue() == 0, output.strip());
    }
}
