package io.p2pcam.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A LAN of network namespaces (needs root): a namespace holding bridge br0, and members, each a
 * namespace of its own plugged into the bridge by a veth pair, its end eth0 with an address in
 * 198.18.0.0/24 (RFC 2544's range, the lab's private one) and a route for multicast (224.0.0.0/4)
 * out of it, as mDNS needs. Names start with a prefix unique to the run; {@link #close} deletes
 * every namespace made, with what runs in them, whatever failed before.
 */
final class BridgedLan implements AutoCloseable {
    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private int members;

    private BridgedLan(String prefix) {
        this.prefix = prefix;
    }

    /** The LAN's bridge, in namespace {@code prefix + "lan"}. */
    static BridgedLan create(String prefix) throws IOException, InterruptedException {
        BridgedLan lan = new BridgedLan(prefix);
        try {
            lan.addNamespace("lan");
            ip("netns", "exec", prefix + "lan", "ip", "link", "add", "br0", "type", "bridge");
            ip("netns", "exec", prefix + "lan", "ip", "link", "set", "br0", "up");
        } catch (IOException | InterruptedException | RuntimeException e) {
            lan.close();
            throw e;
        }
        return lan;
    }

    /** Plugs a new namespace {@code prefix + name} into the bridge with address 198.18.0.{@code host}; returns its name. */
    String member(String name, int host) throws IOException, InterruptedException {
        String namespace = addNamespace(name);
        String port = "m" + members++;
        ip("link", "add", "eth0", "netns", namespace, "type", "veth", "peer", "name", port, "netns", prefix + "lan");
        ip("netns", "exec", prefix + "lan", "ip", "link", "set", port, "master", "br0");
        ip("netns", "exec", prefix + "lan", "ip", "link", "set", port, "up");
        ip("netns", "exec", namespace, "ip", "addr", "add", "198.18.0." + host + "/24", "dev", "eth0");
        ip("netns", "exec", namespace, "ip", "link", "set", "eth0", "multicast", "on", "up");
        ip("netns", "exec", namespace, "ip", "route", "add", "224.0.0.0/4", "dev", "eth0");
        return namespace;
    }

    /** {@code command} to run in {@code namespace} (ip netns exec execs it: a signal to the process reaches it). */
    static List<String> in(String namespace, List<String> command) {
        List<String> inNamespace = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        inNamespace.addAll(command);
        return inNamespace;
    }

    private String addNamespace(String name) throws IOException, InterruptedException {
        String namespace = prefix + name;
        ip("netns", "add", namespace);
        namespaces.add(namespace);
        ip("netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        return namespace;
    }

    @Override
    public void close() throws IOException {
        for (String namespace : namespaces.reversed()) {
            // What still runs there (a process the test could not stop) goes with it.
            String pids = output("ip", "netns", "pids", namespace);
            for (String pid : pids.strip().split("\\s+")) {
                if (!pid.isEmpty()) {
                    ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                }
            }
            output("ip", "netns", "del", namespace);
        }
        namespaces.clear();
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
    }

    /** What {@code command} printed, once it ended; an interrupt is kept for later, cleanup goes on. */
    private static String output(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }
}
