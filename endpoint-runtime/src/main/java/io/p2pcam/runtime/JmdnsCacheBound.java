package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import javax.jmdns.impl.DNSCache;
import javax.jmdns.impl.DNSEntry;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.constants.DNSRecordType;

/**
 * Bounds what one JmDNS keeps in its record cache. JmDNS (3.6) caches every record of every response
 * it hears, of any name and type, for the TTL its sender wrote (up to 2^31 s), with no setting to cap
 * either: anyone on the LAN could grow a viewer's or a camera's heap by about 570 bytes a record
 * until it quits (docs/THREAT_MODEL.md, "LAN neighbour"). Run before each of JmDNS's reaper rounds,
 * this keeps the records a camera's discovery needs, of {@value LanAnnouncement#SERVICE_TYPE} and the
 * addresses of the hosts their SRV records name, at most {@link #MAX_RECORDS} of them (of those at
 * most {@link #MAX_POINTERS} of the type's PTR records), and lets every other record go. Those of
 * the cameras the viewer looks for ({@link #prefer}: the instances whose TXT record names one,
 * their PTR and SRV records and their hosts' addresses) are kept first, then those of the instances
 * the browser lists ({@link #preferListed}), then those of the other instances that announce a camera (a TXT record that reads as an announcement), then the rest; within each,
 * those kept before first (the first heard stay, later ones go until some leave). A sustained flood
 * of forged instances of our type fills the bound but does not push out a camera the viewer wants,
 * and a flood of bare PTR records, the cheapest to forge, does not take the PTR record of a camera
 * nobody looks for yet: without it JmDNS drops the instance, and the Add camera dialog's list with it.
 *
 * <p>A record goes by being marked expired (its TTL set to 0, JmDNS's public {@code setTTL}); the
 * reaper round that follows removes it as it removes any expired record, telling JmDNS's listeners,
 * so nothing inside JmDNS keeps state for a record the cache no longer has.
 *
 * <p>Not thread-safe but for {@link #prefer}: one JmDNS's reaper calls it, on the reapers' timer thread.
 */
final class JmdnsCacheBound {
    /** Records kept: 256 cameras (LanFinds's bound) of PTR, SRV, TXT and up to 5 addresses each. */
    static final int MAX_RECORDS = 2_048;

    /**
     * PTR records of the type kept, within {@link #MAX_RECORDS}: one per instance {@link LanFinds} can
     * hold ({@value LanFinds#MAX_INSTANCES}, and {@value LanFinds#MAX_WANTED} wanted IDs of {@value
     * LanFinds#MAX_PER_WANTED_ID} instances each). They all sit in the one list JmDNS keeps under
     * the type's name, which JmDNS walks twice for every PTR record it reads (docs/BENCHMARKS.md, "the
     * PTR walk"): a flood's forged PTRs capped here rather than at MAX_RECORDS leave that walk shorter and
     * the room for a genuine camera's SRV, TXT and address records.
     */
    static final int MAX_POINTERS = LanFinds.MAX_INSTANCES + LanFinds.MAX_WANTED * LanFinds.MAX_PER_WANTED_ID;

    private static final String TYPE = LanAnnouncement.SERVICE_TYPE.toLowerCase(Locale.ROOT);

    /** The records kept by earlier rounds, by identity: JmDNS refreshes a cached record in place. */
    private Set<DNSEntry> kept = Collections.newSetFromMap(new IdentityHashMap<>());

    private volatile Predicate<CameraId> lookedFor = id -> false;
    private volatile Predicate<String> listed = instance -> false;

    /** {@link #MAX_POINTERS} but where a benchmark measures another bound. */
    private volatile int maxPointers = MAX_POINTERS;

    /** Keeps first the records of the cameras {@code lookedFor} says the viewer looks for (thread-safe, quick). */
    void prefer(Predicate<CameraId> lookedFor) {
        this.lookedFor = lookedFor;
    }

    /**
     * Keeps next, before other announcing instances, the records of the instances {@code listed}
     * says the browser lists (it is given an instance's key: its name and type in lower case;
     * thread-safe, quick): a flood of complete forged announcements kept before does not push out
     * a camera heard after it once it is listed.
     */
    void preferListed(Predicate<String> listed) {
        this.listed = listed;
    }

    /** Keeps at most {@code max} PTR records of the type from the next round on: for a benchmark comparing bounds. */
    void boundPointers(int max) {
        this.maxPointers = max;
    }

    /** Marks expired what {@code cache} should not keep; how many it marked. */
    int expireBeyondBound(DNSCache cache) {
        List<DNSEntry> entries = List.copyOf(cache.allValues());
        Set<String> servers = new HashSet<>();
        for (DNSEntry entry : entries) {
            if (ofOurType(entry) && entry.getRecordType() == DNSRecordType.TYPE_SRV && entry instanceof DNSRecord srv) {
                servers.add(srv.getServiceInfo().getServer().toLowerCase(Locale.ROOT));
            }
        }
        Room room = new Room(maxPointers);
        Map<String, LanAnnouncement> announcing = announcements(entries);
        Predicate<CameraId> wanted = lookedFor; // one answer for the whole round
        Predicate<String> held = listed;
        for (DNSEntry entry : recordsOf(entries, announcing, (instance, announced) -> wanted.test(announced.id()))) {
            room.keep(entry);
        }
        for (DNSEntry entry : recordsOf(entries, announcing, (instance, announced) -> held.test(instance))) {
            room.keep(entry);
        }
        List<DNSEntry> ofCameras = recordsOf(entries, announcing, (instance, announced) -> true);
        for (DNSEntry entry : ofCameras) {
            if (kept.contains(entry)) {
                room.keep(entry);
            }
        }
        for (DNSEntry entry : ofCameras) {
            room.keep(entry);
        }
        for (DNSEntry entry : entries) {
            if (needed(entry, servers) && kept.contains(entry)) {
                room.keep(entry);
            }
        }
        int expired = 0;
        for (DNSEntry entry : entries) {
            if (room.kept.contains(entry)) {
                continue;
            }
            if (!needed(entry, servers) || !room.keep(entry)) {
                expired += expire(entry);
            }
        }
        kept = room.kept;
        return expired;
    }

    /** Marks {@code entry} expired; 1 if it was not, else 0. */
    private static int expire(DNSEntry entry) {
        if (!(entry instanceof DNSRecord record) || record.getTTL() <= 0) {
            return 0;
        }
        record.setTTL(0);
        if (!record.isExpired(System.currentTimeMillis())) {
            // The bound rests on it: fail loudly (the reaper says so) rather than bound nothing.
            throw new IllegalStateException("JmDNS's DNSRecord.setTTL(0) no longer makes a record expired");
        }
        return 1;
    }

    /** The records one round keeps: at most {@link #MAX_RECORDS}, of them at most {@code maxPointers} of the type's PTR. */
    private static final class Room {
        private final Set<DNSEntry> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        private final int maxPointers;
        private int pointers;

        Room(int maxPointers) {
            this.maxPointers = maxPointers;
        }

        /** Keeps {@code entry} if there is room for it; whether it is kept. */
        boolean keep(DNSEntry entry) {
            if (kept.contains(entry)) {
                return true;
            }
            boolean pointer = entry.getRecordType() == DNSRecordType.TYPE_PTR;
            if (kept.size() >= MAX_RECORDS || (pointer && pointers >= maxPointers)) {
                return false;
            }
            kept.add(entry);
            if (pointer) {
                pointers++;
            }
            return true;
        }
    }

    /** What the instances of our type whose TXT record reads as an announcement announce, by instance (its key). */
    private static Map<String, LanAnnouncement> announcements(List<DNSEntry> entries) {
        Map<String, LanAnnouncement> announcing = new HashMap<>();
        for (DNSEntry entry : entries) {
            if (entry.getRecordType() == DNSRecordType.TYPE_TXT && ofOurType(entry) && entry instanceof DNSRecord txt) {
                LanAnnouncement announced = LanAnnouncement.fromTxt(txt.getServiceInfo()::getPropertyString);
                if (announced != null) {
                    announcing.put(entry.getKey(), announced);
                }
            }
        }
        return announcing;
    }

    /** The records of the instances whose announcement {@code which} accepts, and of their hosts. */
    private static List<DNSEntry> recordsOf(
            List<DNSEntry> entries,
            Map<String, LanAnnouncement> announcing,
            BiPredicate<String, LanAnnouncement> which) {
        Set<String> instances = new HashSet<>();
        announcing.forEach((instance, announced) -> {
            if (which.test(instance, announced)) {
                instances.add(instance);
            }
        });
        if (instances.isEmpty()) {
            return List.of();
        }
        Set<String> hosts = new HashSet<>();
        List<DNSEntry> records = new ArrayList<>();
        for (DNSEntry entry : entries) {
            if (!(entry instanceof DNSRecord record) || !ofOurType(entry)) {
                continue;
            }
            String instance = entry.getRecordType() == DNSRecordType.TYPE_PTR
                    ? record.getServiceInfo().getQualifiedName().toLowerCase(Locale.ROOT) // the PTR's target
                    : entry.getKey();
            if (instances.contains(instance)) {
                records.add(entry);
                if (entry.getRecordType() == DNSRecordType.TYPE_SRV) {
                    hosts.add(record.getServiceInfo().getServer().toLowerCase(Locale.ROOT));
                }
            }
        }
        for (DNSEntry entry : entries) {
            DNSRecordType type = entry.getRecordType();
            if ((type == DNSRecordType.TYPE_A || type == DNSRecordType.TYPE_AAAA) && hosts.contains(entry.getKey())) {
                records.add(entry);
            }
        }
        return records;
    }

    private static boolean needed(DNSEntry entry, Set<String> servers) {
        if (ofOurType(entry)) {
            return true;
        }
        DNSRecordType type = entry.getRecordType();
        return (type == DNSRecordType.TYPE_A || type == DNSRecordType.TYPE_AAAA) && servers.contains(entry.getKey());
    }

    /** The type's PTR records and its instances' SRV and TXT records. */
    private static boolean ofOurType(DNSEntry entry) {
        String key = entry.getKey();
        return key.equals(TYPE) || key.endsWith("." + TYPE);
    }
}
