package io.p2pcam.runtime;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when this computer's network comes back or changes, or it resumes from sleep
 * ({@link NetworkSnapshot#changeSince}), so that what waits out a backoff can try again at once.
 * Java has no event for it: this reads the interfaces' addresses every {@link #PERIOD} on a daemon
 * thread of its own (well under a millisecond a read), on every system the JVM runs on
 * (docs/decisions/0067).
 *
 * <p>Threads: {@code changed} runs on the watcher's thread, one call at a time; it must return
 * quickly.
 */
public final class NetworkWatcher implements AutoCloseable {
    /** How often the addresses are read: a change is noticed within this. */
    public static final Duration PERIOD = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(NetworkWatcher.class);

    private final ScheduledExecutorService thread;
    private final Consumer<String> changed;
    private NetworkSnapshot last;

    private NetworkWatcher(Consumer<String> changed) {
        this.changed = changed;
        this.thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("network-watch").daemon().factory());
    }

    /** Starts watching; {@code changed} hears what changed, in words for the log. */
    public static NetworkWatcher start(Consumer<String> changed) {
        NetworkWatcher watcher = new NetworkWatcher(changed);
        watcher.thread.scheduleWithFixedDelay(watcher::look, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return watcher;
    }

    /** This computer's network now. */
    public static NetworkSnapshot snapshot() {
        Set<String> addresses = new HashSet<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    addresses.add(nic.getName() + "/" + address.getHostAddress());
                }
            }
        } catch (SocketException e) {
            // The interfaces cannot be read now: no addresses, and the next read that can sees them appear.
            log.debug("cannot read the network interfaces: {}", e.getMessage());
        }
        return new NetworkSnapshot(addresses, System.currentTimeMillis(), System.nanoTime());
    }

    private void look() {
        try {
            NetworkSnapshot now = snapshot();
            NetworkSnapshot before = last;
            last = now;
            if (before != null) {
                now.changeSince(before).ifPresent(what -> {
                    log.info("network changed: {}", what);
                    changed.accept(what);
                });
            }
        } catch (RuntimeException e) { // a periodic task that throws is never run again: keep watching
            log.error("network watch failed", e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
