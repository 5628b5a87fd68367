package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a {@link LanBrowser} holds, brought up to date with what JmDNS resolved or removed: the
 * announcements {@link LanFinds} keeps, what {@link LanResolutions} does next with each instance
 * (held, refused, let go), the hosts their SRV records name ({@link LanHosts}) and the names JmDNS's
 * cache bound keeps first ({@link LanHeldKeys}); and what of it the browser's listeners hear. Sans
 * I/O: the browser reads JmDNS's answer and hands over what it says.
 *
 * <p>{@code W} is where an instance was heard, opaque here. Not thread-safe: the browser holds its
 * lock around each call (the objects given are the browser's own, also used under that lock).
 */
final class LanHoldings<W> {
    /**
     * What the listeners hear after a change: the whole list ({@code cameras}, null when it did not
     * change) and the count of ignored announcements ({@code ignored}, -1 when it did not grow).
     */
    record Heard(List<LanBrowser.Found> cameras, long ignored) {
        static final Heard NOTHING = new Heard(null, -1);
    }

    private final LanFinds finds;
    private final LanResolutions<W> resolutions;
    private final LanHosts hosts;
    private final LanHeldKeys heldKeys;
    private final Predicate<InetAddress> onLink;
    /**
     * The host each refused claim that waits for a place ({@link LanFinds#waits}) names, to follow
     * its address once held; bounded as the claims that can wait (a stale one is never read).
     */
    private final Map<String, String> serverOfWaiting = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > LanFinds.MAX_WANTED * LanWaitingClaims.MAX_PER_ID;
        }
    };

    LanHoldings(
            LanFinds finds,
            LanResolutions<W> resolutions,
            LanHosts hosts,
            LanHeldKeys heldKeys,
            Predicate<InetAddress> onLink) {
        this.onLink = onLink;
        this.finds = finds;
        this.resolutions = resolutions;
        this.hosts = hosts;
        this.heldKeys = heldKeys;
    }

    /**
     * Whether a record sent from {@code sender} is heard (RFC 6762 §11): not when the sender is off
     * the link ({@link LanLink}, {@link LanLinkWatch}). Callable without the browser's lock, for every record.
     */
    boolean onLink(InetAddress sender) {
        return onLink.test(sender);
    }

    /** An instance announced (its PTR record) from off the link was dropped: counted as ignored; the new count. */
    long droppedOffLink() {
        return finds.droppedOffLink();
    }

    /**
     * Instance {@code name} resolved: its TXT record reads as {@code announcement} (null: not a
     * camera's, or {@code txtToCome}: JmDNS told the resolution with the SRV and address records
     * and an empty TXT record, its TXT record next), at {@code addresses} (the newest first), on
     * host {@code server}, sent from {@code source} (null when no address: it is not held). One sent
     * from off the link is not held, and is counted as ignored.
     */
    Heard resolved(
            String name,
            LanAnnouncement announcement,
            boolean txtToCome,
            List<InetAddress> addresses,
            String server,
            InetAddress source) {
        long ignoredBefore = finds.ignored();
        boolean wasHeld = finds.holds(name);
        boolean letGo = false;
        boolean changed;
        if (announcement == null && wasHeld && txtToCome) {
            return Heard.NOTHING; // a held camera stays until its TXT record comes
        } else if (announcement == null || addresses.isEmpty() || !onLink.test(source)) {
            if (announcement != null && !addresses.isEmpty()) {
                finds.droppedOffLink(); // its PTR record came from the link, its TXT record from off it
            }
            resolutions.refused(name);
            changed = finds.removed(name); // a held camera's records changed to what is not a camera's
            hosts.removed(name);
        } else {
            // By JmDNS's instance name, which its goodbye carries (JmDNS may rename one on a name conflict).
            changed = finds.announced(name, new LanBrowser.Found(announcement, addresses), source);
            for (String evicted : finds.takeEvicted()) {
                resolutions.refused(evicted); // let go to make room for another
                hosts.removed(evicted);
                letGo = true;
            }
            if (finds.holds(name)) {
                resolutions.held(name);
                hosts.held(name, server);
            } else {
                resolutions.refused(name); // no room for it
                if (finds.waits(name)) {
                    serverOfWaiting.put(name, server);
                }
            }
        }
        if (letGo || finds.holds(name) != wasHeld) {
            heldChanged(); // not for each refusal: a flood of them would copy every held name each
        }
        return new Heard(changed ? finds.cameras() : null, finds.ignored() == ignoredBefore ? -1 : finds.ignored());
    }

    /** Instance {@code name} said goodbye (or its records expired): the list if it changed, else null. */
    List<LanBrowser.Found> removed(String name) {
        resolutions.removed(name);
        hosts.removed(name);
        boolean wasHeld = finds.holds(name);
        boolean changed = finds.removed(name);
        if (wasHeld) {
            heldChanged();
        }
        return changed ? finds.cameras() : null;
    }

    /**
     * A connect to camera {@code id} at {@code address} failed ({@link LanFinds#failed}); claims that
     * waited may take the places of those that failed. The list if it changed, else null.
     */
    List<LanBrowser.Found> failed(CameraId id, InetSocketAddress address, LanBrowser.ConnectFailure failure) {
        boolean changed = finds.failed(id, address, failure);
        List<String> evicted = finds.takeEvicted();
        for (String letGo : evicted) {
            resolutions.refused(letGo); // not resolved again until it says goodbye
            hosts.removed(letGo);
        }
        for (String admitted : finds.takeAdmitted()) {
            resolutions.held(admitted);
            String server = serverOfWaiting.remove(admitted);
            if (server != null) {
                hosts.held(admitted, server);
            }
        }
        if (!evicted.isEmpty()) {
            heldChanged();
        }
        return changed ? finds.cameras() : null;
    }

    /** The held instances changed: the cache's bound reads them from another thread. */
    private void heldChanged() {
        heldKeys.held(finds.instances());
    }
}
