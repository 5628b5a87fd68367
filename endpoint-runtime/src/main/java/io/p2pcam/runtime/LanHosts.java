package io.p2pcam.runtime;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedSet;

/**
 * The host name each held DNS-SD instance's SRV record names, sans I/O: a camera that comes back
 * at a new address (a new DHCP lease after a crash, no goodbye) announces only its host's new
 * address record, under the same host name, and a {@link LanBrowser} must know which held
 * instances that record is for to resolve them again. Only held instances are kept, so this is
 * as bounded as the browser's list; names are compared in lower case, as DNS compares them.
 *
 * <p>Not thread-safe: the browser holds its lock.
 */
final class LanHosts {
    private final Map<String, String> hostByInstance = new HashMap<>();
    private final Map<String, SequencedSet<String>> instancesByHost = new HashMap<>();

    /** Held instance {@code instance}'s SRV record names {@code host} (replacing what it named before). */
    void held(String instance, String host) {
        removed(instance);
        String key = host.toLowerCase(Locale.ROOT);
        hostByInstance.put(instance, key);
        instancesByHost.computeIfAbsent(key, ignored -> new LinkedHashSet<>()).add(instance);
    }

    /** Instance {@code instance} is no longer held. */
    void removed(String instance) {
        String host = hostByInstance.remove(instance);
        if (host == null) {
            return;
        }
        SequencedSet<String> instances = instancesByHost.get(host);
        instances.remove(instance);
        if (instances.isEmpty()) {
            instancesByHost.remove(host);
        }
    }

    /** The held instances whose SRV record names {@code host}, the first held first; empty when none. */
    List<String> instancesOn(String host) {
        SequencedSet<String> instances = instancesByHost.get(host.toLowerCase(Locale.ROOT));
        return instances == null ? List.of() : List.copyOf(instances);
    }
}
