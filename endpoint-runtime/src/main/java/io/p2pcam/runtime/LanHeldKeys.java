package io.p2pcam.runtime;

import io.p2pcam.protocol.lan.LanAnnouncement;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The keys of the instances a {@link LanBrowser} holds (name and type, lower case, as JmDNS keys
 * its records), for JmDNS's cache bound, which reads them on JmDNS's threads without the browser's
 * lock. Thread-safe: {@link #held} replaces the whole set.
 */
final class LanHeldKeys {
    /** The (lower case) name of the type's PTR records, one per instance. */
    static final String TYPE_KEY = LanAnnouncement.SERVICE_TYPE.toLowerCase(Locale.ROOT);

    /** How the (lower case) name of an instance's SRV and TXT records ends. */
    static final String INSTANCE_SUFFIX = "." + TYPE_KEY;

    private volatile Set<String> keys = Set.of();

    /** The instances held are {@code names} now. */
    void held(Collection<String> names) {
        Set<String> held = new HashSet<>();
        for (String name : names) {
            held.add(name.toLowerCase(Locale.ROOT) + INSTANCE_SUFFIX);
        }
        keys = Set.copyOf(held);
    }

    /** Whether the instance whose key is {@code instanceKey} is held. */
    boolean contains(String instanceKey) {
        return keys.contains(instanceKey);
    }
}
