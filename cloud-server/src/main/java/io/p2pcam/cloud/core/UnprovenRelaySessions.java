package io.p2pcam.cloud.core;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The relay sessions whose viewer has not proven its address yet (docs/PROTOCOL.md §7, decisions
 * 0057 and 0061), indexed so that the one to displace for a new session is found in O(1): the
 * oldest of a viewer's party (at each {@link Party} level), and the oldest of the busiest
 * <em>camera site</em>.
 *
 * <p>Why the camera's site: in an unproven session the viewer's address is a request's source,
 * which anybody can forge from anywhere, while the camera's is its registered address, proven by
 * the registration's round trip. A forger who floods connects from sources across the Internet
 * must have them accepted by cameras at its own real addresses, so its sessions pile up at few
 * camera sites. Displacing from the site that holds the most (as fq_codel drops from its fattest
 * flow when full, RFC 8290 §4.1.3) takes the forger's own sessions first, and an honest viewer's
 * session, whose camera site holds one or two, survives the round trip until it proves itself. A
 * camera site is the camera's IPv4 address or IPv6 /48 ({@link Party}'s widest level), so a forger
 * needs as many real sites as the quarter of the relay holds unproven sessions to push one out.
 *
 * <p>Memory: three map entries per session and one or two per party holding any. Keys are mixed
 * under a secret seed ({@link Party#mixed}). Not thread-safe: the rendezvous core's thread owns it.
 */
final class UnprovenRelaySessions {
    /** The {@link Party} level that makes a camera's site. */
    private static final int SITE = Party.LEVELS - 1;

    private record Entry(RelaySession session, long site) {}

    private final long seed = new SecureRandom().nextLong();
    private final Map<Long, Entry> byTicket = new HashMap<>();
    /** Per viewer party (every level it has, keys distinct across levels), oldest first. */
    private final Map<Long, LinkedHashMap<Long, RelaySession>> byViewerParty = new HashMap<>();
    /** Per camera site, oldest first. */
    private final Map<Long, LinkedHashMap<Long, RelaySession>> bySite = new HashMap<>();
    /** The camera sites by how many sessions they hold, those that reached that number first first. */
    private final Map<Integer, LinkedHashSet<Long>> sitesHolding = new HashMap<>();
    /** The most sessions any camera site holds (sizes change by one: it moves by one at most). */
    private int busiest;

    /** A new session, its viewer unproven; {@code cameraAddress} is the camera's registered address. */
    void add(RelaySession session, InetSocketAddress cameraAddress) {
        long site = siteOf(cameraAddress);
        byTicket.put(session.ticket, new Entry(session, site));
        for (int level = 0; level < Party.LEVELS; level++) {
            if (Party.hasLevel(session.countedViewer, level)) {
                byViewerParty
                        .computeIfAbsent(viewerKey(session.countedViewer, level), k -> new LinkedHashMap<>())
                        .put(session.ticket, session);
            }
        }
        LinkedHashMap<Long, RelaySession> ofSite = bySite.computeIfAbsent(site, k -> new LinkedHashMap<>());
        ofSite.put(session.ticket, session);
        moveSite(site, ofSite.size() - 1, ofSite.size());
        busiest = Math.max(busiest, ofSite.size());
    }

    /** Forgets the session (proven, closed or expired); false if it was not unproven. */
    boolean remove(long ticket) {
        Entry entry = byTicket.remove(ticket);
        if (entry == null) {
            return false;
        }
        InetSocketAddress viewer = entry.session.countedViewer;
        for (int level = 0; level < Party.LEVELS; level++) {
            if (Party.hasLevel(viewer, level)) {
                removeFrom(byViewerParty, viewerKey(viewer, level), ticket);
            }
        }
        int before = bySite.get(entry.site).size();
        removeFrom(bySite, entry.site, ticket);
        moveSite(entry.site, before, before - 1);
        if (before == busiest && !sitesHolding.containsKey(busiest)) {
            busiest--;
        }
        return true;
    }

    boolean contains(long ticket) {
        return byTicket.containsKey(ticket);
    }

    int size() {
        return byTicket.size();
    }

    boolean isEmpty() {
        return byTicket.isEmpty();
    }

    /** The oldest session of {@code viewer}'s party at {@code level}, or null if it holds none. */
    RelaySession oldestOfViewerParty(InetSocketAddress viewer, int level) {
        return oldest(byViewerParty.get(viewerKey(viewer, level)));
    }

    /**
     * The session to displace for a new one of the camera at {@code cameraAddress}: the oldest of
     * the busiest camera site, counting the new session in (so the newcomer's own site's oldest
     * when its site holds as many as the busiest); null if there is none.
     */
    RelaySession oldestOfBusiestSite(InetSocketAddress cameraAddress) {
        LinkedHashMap<Long, RelaySession> own = bySite.get(siteOf(cameraAddress));
        if (own != null && own.size() >= busiest) {
            return oldest(own);
        }
        LinkedHashSet<Long> sites = sitesHolding.get(busiest);
        return sites == null ? null : oldest(bySite.get(sites.getFirst()));
    }

    private void moveSite(long site, int from, int to) {
        if (from > 0) {
            LinkedHashSet<Long> was = sitesHolding.get(from);
            was.remove(site);
            if (was.isEmpty()) {
                sitesHolding.remove(from);
            }
        }
        if (to > 0) {
            sitesHolding.computeIfAbsent(to, k -> new LinkedHashSet<>()).add(site);
        }
    }

    private static void removeFrom(Map<Long, LinkedHashMap<Long, RelaySession>> groups, long key, long ticket) {
        LinkedHashMap<Long, RelaySession> group = groups.get(key);
        group.remove(ticket);
        if (group.isEmpty()) {
            groups.remove(key);
        }
    }

    private static RelaySession oldest(LinkedHashMap<Long, RelaySession> group) {
        return group == null || group.isEmpty() ? null : group.firstEntry().getValue();
    }

    private long viewerKey(InetSocketAddress viewer, int level) {
        return Party.mixed(Party.key(viewer, level), seed);
    }

    private long siteOf(InetSocketAddress cameraAddress) {
        return Party.mixed(Party.key(cameraAddress, SITE), ~seed);
    }
}
