package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import javax.jmdns.impl.DNSRecord;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.JmdnsResponseFilter;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSRecordType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds cameras announced on this computer's LANs (DNS-SD over mDNS, JmDNS; docs/PROTOCOL.md
 * §10.8): browses {@value LanAnnouncement#SERVICE_TYPE} on every multicast-capable interface and
 * keeps what resolves to a valid announcement, by camera ID. Announcements are unauthenticated:
 * a {@link Found} says where to send a direct LOOKUP, and the key that comes back must match the
 * ID before anything else is sent.
 *
 * <p>Thread-safe: JmDNS calls back on its own threads; {@link #found()} and {@link #await} may be
 * called from any thread. The listener given to {@link #start} runs on a JmDNS thread (or the one
 * calling {@link #proved}, or the resolving thread when a hold on an address ends) and must not block.
 */
public final class LanBrowser implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LanBrowser.class);

    /** One camera found: its announcement, the addresses it announced, the port to send to. */
    public record Found(LanAnnouncement announcement, List<InetAddress> addresses) {
        public Found {
            addresses = List.copyOf(addresses);
        }

        public CameraId id() {
            return announcement.id();
        }

        /** Where to reach the camera's session socket: its first announced address and port. */
        public InetSocketAddress address() {
            return new InetSocketAddress(addresses.getFirst(), announcement.port());
        }
    }

    /** How a connect at a found camera's address failed ({@link #failed}). */
    public enum ConnectFailure {
        /** Nothing answered in time: the camera may be off, or the address stale. */
        NO_ANSWER,
        /** What answered is not the camera: its key does not match the ID, or its handshake failed. */
        NOT_THE_CAMERA
    }

    private final List<InetAddress> interfaces;
    private final List<JmDNS> browsers = new ArrayList<>();
    private final LanFinds finds = new LanFinds(this::looksFor);
    private final LanResolutions<JmDNSImpl> resolutions = new LanResolutions<>();
    private final LanHosts hosts = new LanHosts();
    private final Thread resolver = Thread.ofVirtual().name("lan resolve").unstarted(this::resolveWhenDue);

    private final Consumer<List<Found>> listener;
    private final Listener jmdnsListener = new Listener();
    private boolean closed;

    /** One query a second at most (RFC 6762 §5.2), however often the IDs looked for change. */
    private static final long ASK_INTERVAL_NANOS = 1_000_000_000L;

    private boolean asked;
    private long lastAsked;

    private final LanLookedFor lookedFor = new LanLookedFor();
    /** The keys of the instances {@link #finds} holds, for JmDNS's cache bound. */
    private final LanHeldKeys heldKeys = new LanHeldKeys();
    /** What is held, brought up to date with what JmDNS resolves and removes. */
    private final LanHoldings<JmDNSImpl> holdings;

    private final LongConsumer ignoredListener;

    private LanBrowser(
            List<InetAddress> interfaces,
            LanLinkWatch link,
            Consumer<List<Found>> listener,
            LongConsumer ignoredListener) {
        this.interfaces = interfaces;
        this.holdings = new LanHoldings<>(finds, resolutions, hosts, heldKeys, link::onLink);
        this.listener = listener;
        this.ignoredListener = ignoredListener;
    }

    /** Starts browsing on every LAN interface; {@code listener} hears the whole list after each change. */
    public static LanBrowser start(Consumer<List<Found>> listener) {
        return start(listener, count -> {});
    }

    /**
     * As {@link #start(Consumer)}, and {@code ignoredListener} hears {@link #ignoredAnnouncements}
     * each time it grows (on a JmDNS thread, as often as a flood refuses announcements: it must
     * return at once, and hand only the latest count on).
     */
    public static LanBrowser start(Consumer<List<Found>> listener, LongConsumer ignoredListener) {
        JmdnsGoodbye.install(); // closing takes milliseconds, not JmDNS's 2 s of goodbyes
        LanBrowser browser = new LanBrowser(
                LanInterfaces.multicastCapable(),
                new LanLinkWatch(LanInterfaces::onLink, System::currentTimeMillis),
                listener,
                ignoredListener);
        browser.resolver.start();
        for (InetAddress address : browser.interfaces) {
            try {
                // A host name of our own: with none, JmDNS asks reverse DNS, which may hang with no internet.
                // Each JmDNS hears the group only on its own interface: a sender off that interface's
                // subnets is dropped before JmDNS acts on it (its goodbyes too, JmdnsLinkCheck).
                JmdnsLinkCheck linkCheck = new JmdnsLinkCheck(
                        new LanLinkWatch(LanInterfaces.onLinkOf(address), System::currentTimeMillis),
                        browser::droppedOffLink);
                JmDNS jmdns = JmdnsResponseFilter.create(
                        address, "p2pcam-viewer-" + Long.toHexString(System.nanoTime() & 0xffffff), linkCheck);
                synchronized (browser) {
                    browser.browsers.add(jmdns);
                }
                JmdnsGoodbye.checkHooked(jmdns);
                JmdnsGoodbye.preferInCache((JmDNSImpl) jmdns, browser::looksFor, browser.heldKeys::contains);
                JmdnsRecordWatch.start((JmDNSImpl) jmdns, browser::recordChanged);
                jmdns.addServiceListener(LanAnnouncement.SERVICE_TYPE, browser.jmdnsListener);
            } catch (IOException | RuntimeException e) {
                log.warn("cannot browse the LAN at {}: {}", address.getHostAddress(), e.toString());
            }
        }
        return browser;
    }

    /** Starts browsing, with no listener. */
    public static LanBrowser start() {
        return start(list -> {});
    }

    /**
     * How many announcements were not listed for want of room since browsing started: a flood of
     * forged ones from a few addresses shows here, not as a list of fakes ({@link LanFinds#ignored}).
     */
    public synchronized long ignoredAnnouncements() {
        return finds.ignored();
    }

    /** The interfaces browsed (their IPv4 addresses); empty when this host has no multicast-capable one. */
    public List<InetAddress> interfaces() {
        return interfaces;
    }

    /** The JmDNS of each interface browsed, for tests that look into their record caches. */
    synchronized List<JmDNS> jmdns() {
        return List.copyOf(browsers);
    }

    /** The cameras found so far, in the order they were found. */
    public synchronized List<Found> found() {
        return finds.cameras();
    }

    /**
     * The cameras the viewer looks for (those in its list), replacing any given before: an instance
     * whose TXT record names one of them is resolved before any other, held past the list's bound,
     * and its records kept first in JmDNS's cache, so that a flood of forged instances does not
     * crowd it out (docs/THREAT_MODEL.md, "LAN neighbour"). One heard before it was looked for is
     * looked for again (its cached TXT record read, the LAN asked once): see {@link #lookAgain}.
     */
    public void lookFor(Collection<CameraId> ids) {
        Set<CameraId> before;
        synchronized (this) {
            before = lookedFor.list(ids);
            finds.lookingForChanged();
        }
        // Off the caller's thread (the viewer's UI thread): it reads JmDNS's cache and sends a query.
        Thread.ofVirtual().name("lan look again").start(() -> lookAgain(before));
    }

    /** Waits up to {@code within} for camera {@code id} to be found, looking for it meanwhile ({@link #lookFor}); null when it was not. */
    public Found await(CameraId id, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        Set<CameraId> before;
        synchronized (this) {
            before = lookedFor.awaiting(id);
            finds.lookingForChanged();
        }
        try {
            lookAgain(before);
            return awaitFound(id, deadline);
        } finally {
            synchronized (this) {
                lookedFor.awaited(id);
                finds.lookingForChanged();
            }
        }
    }

    private synchronized Found awaitFound(CameraId id, long deadline) throws InterruptedException {
        Found camera;
        while ((camera = finds.get(id)) == null && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return camera;
    }

    /**
     * The cameras looked for were {@code before}: those now looked for too may have announced
     * themselves already, their TXT records passed over then. Those still cached are resolved
     * first now, and the LAN is asked for the rest ({@link JmdnsLookAgain}). Not under the lock:
     * it reads JmDNS's cache and sends.
     */
    private void lookAgain(Set<CameraId> before) {
        Set<CameraId> added = new HashSet<>(lookedFor.now());
        added.removeAll(before);
        if (added.isEmpty()) {
            return;
        }
        List<JmDNS> where;
        synchronized (this) {
            where = List.copyOf(browsers);
        }
        for (JmDNS jmdns : where) {
            JmDNSImpl impl = (JmDNSImpl) jmdns;
            List<JmdnsLookAgain.Heard> cached = JmdnsLookAgain.cached(impl, added);
            synchronized (this) {
                for (JmdnsLookAgain.Heard heard : cached) {
                    if (!finds.holds(heard.instanceName()) && holdings.onLink(heard.source())) {
                        resolutions.wanted(heard.instanceName(), heard.id(), impl, heard.source());
                    }
                }
                notifyAll();
            }
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (asked && now - lastAsked < ASK_INTERVAL_NANOS) {
                return; // the answers to the last query are on their way, or heard
            }
            asked = true;
            lastAsked = now;
        }
        for (JmDNS jmdns : where) {
            JmdnsLookAgain.ask((JmDNSImpl) jmdns);
        }
    }

    /**
     * What answered at {@code address} proved to be camera {@code id} (its handshake succeeded):
     * the instance announcing it there is chosen for that ID, and kept, before any other claiming it.
     */
    public void proved(CameraId id, InetSocketAddress address) {
        List<Found> now;
        synchronized (this) {
            if (!finds.proved(id, address)) {
                return;
            }
            now = finds.cameras();
        }
        listener.accept(now);
    }

    /**
     * A connect to camera {@code id} at {@code address}, found here, failed: the ID's other
     * instances are tried first, in turn, and an address where something else answered for the
     * ID is not chosen for it for a while ({@link LanFinds#failed}).
     */
    public void failed(CameraId id, InetSocketAddress address, ConnectFailure failure) {
        List<Found> now;
        synchronized (this) {
            now = holdings.failed(id, address, failure); // claims that waited may be held now
            if (now == null) {
                return;
            }
        }
        listener.accept(now);
    }

    private boolean looksFor(CameraId id) {
        return lookedFor.contains(id);
    }

    /**
     * An instance of our type was announced (its PTR record heard) in a packet from {@code source}:
     * resolve it when {@link #resolutions} says so, sharing its turns by that sender.
     */
    private synchronized void added(JmDNSImpl where, String instanceName, InetAddress source) {
        resolutions.announced(instanceName, where, source, finds.holds(instanceName));
        notifyAll();
    }

    /**
     * A record changed in {@code where}'s cache (on JmDNS's reading thread, for every record heard):
     * one from a sender off the link is not heard (RFC 6762 §11; an announcement's counted as ignored;
     * the receiving interface's check, {@link JmdnsLinkCheck}, drops such packets before JmDNS caches
     * them, so this check against every interface's subnets is a second line only);
     * a new PTR record of the type announces an instance, with the address of the packet's sender;
     * a held instance's new SRV or TXT record (a camera's new port or name, with no new PTR record)
     * has it resolved again, and an instance whose TXT record names a camera looked for is resolved
     * first, as {@link #resolutions} allows; one whose TXT record names any camera goes before
     * instances known only by their PTR record. So does a new or expired address record of a host a held
     * instance's SRV record names: a camera back at a new address after a crash without a goodbye
     * announces it with the cache-flush bit, and JmDNS has the old address expire a second later
     * (RFC 6762 §10.2), so what resolves at once may still list the old one first. A held instance
     * left with no address does not resolve: it stays as it was (no retry).
     */
    private void recordChanged(JmDNSImpl where, DNSRecord record, long now) {
        DNSRecordType type = record.getRecordType();
        if (!holdings.onLink(record.getRecordSource())) { // RFC 6762 §11: routed, or forged from off the link
            if (type == DNSRecordType.TYPE_PTR
                    && !record.isExpired(now)
                    && record.getKey().equals(LanHeldKeys.TYPE_KEY)) {
                droppedOffLink();
            }
            return;
        }
        if (type == DNSRecordType.TYPE_A || type == DNSRecordType.TYPE_AAAA) {
            addressChanged(where, record.getKey());
            return;
        }
        if (type == DNSRecordType.TYPE_PTR) { // not in serviceAdded: told later, on another thread, without the sender
            if (!record.isExpired(now) && record.getKey().equals(LanHeldKeys.TYPE_KEY)) {
                added(where, record.getServiceInfo().getName(), record.getRecordSource());
            }
            return;
        }
        if (type != DNSRecordType.TYPE_TXT && type != DNSRecordType.TYPE_SRV
                || record.isExpired(now) // its goodbye: JmDNS tells serviceRemoved when the PTR goes
                || !record.getKey().endsWith(LanHeldKeys.INSTANCE_SUFFIX)) {
            return;
        }
        ServiceInfo info = record.getServiceInfo();
        String instanceName = info.getName();
        LanAnnouncement announced =
                type == DNSRecordType.TYPE_TXT ? LanAnnouncement.fromTxt(info::getPropertyString) : null;
        synchronized (this) {
            if (finds.holds(instanceName)) {
                resolutions.changed(instanceName, where);
            } else if (announced != null && looksFor(announced.id())) {
                resolutions.wanted(instanceName, announced.id(), where, record.getRecordSource());
            } else if (announced != null) {
                resolutions.announcing(instanceName, where, record.getRecordSource());
            } else {
                return;
            }
            notifyAll();
        }
    }

    /** An announcement from off the link was dropped: counted with those ignored, and the count told. */
    private void droppedOffLink() {
        long ignored;
        synchronized (this) {
            ignored = holdings.droppedOffLink();
        }
        ignoredListener.accept(ignored);
    }

    /** Host {@code host}'s address record was added, changed or expired: its held instances are resolved again. */
    private synchronized void addressChanged(JmDNSImpl where, String host) {
        List<String> instances = hosts.instancesOn(host);
        for (String instanceName : instances) {
            resolutions.changed(instanceName, where);
        }
        if (!instances.isEmpty()) {
            notifyAll();
        }
    }

    /**
     * The resolving thread: starts JmDNS's resolver for one instance at a time, as {@link
     * LanResolutions} allows. JmDNS's own {@code requestServiceInfo} is not used: it waits up to 6 s
     * on JmDNS's one listener thread, and installs a collector that resolves every later instance
     * of the type at once, persistently, without bound.
     */
    private void resolveWhenDue() {
        while (true) {
            LanResolutions.Start<JmDNSImpl> start;
            List<Found> relisted = null;
            synchronized (this) {
                while ((start = resolutions.next(System.nanoTime(), finds.hasRoom())) == null) {
                    if (closed) {
                        return;
                    }
                    if (finds.holdsEnded()) { // checked at least once a second (the wait below)
                        relisted = finds.cameras();
                        break;
                    }
                    long wait = resolutions.nanosUntilNext(System.nanoTime(), finds.hasRoom());
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, Math.min(wait, 1_000_000_000L)));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
            if (relisted != null) {
                listener.accept(relisted);
                continue;
            }
            // Not persistent: JmDNS stops listening for it after its three queries.
            start.where()
                    .startServiceInfoResolver(new ServiceInfoImpl(
                            LanAnnouncement.SERVICE_TYPE, start.name(), "", 0, 0, 0, false, (byte[]) null));
        }
    }

    private void resolved(JmDNSImpl where, ServiceInfo info) {
        String name = info.getName();
        LanAnnouncement announcement = LanAnnouncement.fromTxt(info::getPropertyString);
        List<InetAddress> listed = new ArrayList<>(List.of(info.getInet4Addresses()));
        listed.addAll(List.of(info.getInet6Addresses()));
        List<InetAddress> addresses = JmdnsAddressAge.newestFirst(where.getCache(), info.getServer(), listed);
        // Who sent it, not what it says: strangers' places are shared per source (LanFinds).
        InetAddress source = addresses.isEmpty()
                ? null
                : JmdnsRecordSource.ofAnnouncement(where.getCache(), info, addresses.getFirst());
        // JmDNS tells a resolution as soon as it has the SRV and address records, with an empty TXT
        // record when its TXT record comes next: a held camera stays until it does (LanHoldings).
        boolean txtToCome = !info.getPropertyNames().hasMoreElements();
        if (announcement == null && !txtToCome) {
            log.debug("ignored a LAN announcement that is not a camera's: {}", name);
        }
        LanHoldings.Heard heard;
        synchronized (this) {
            notifyAll(); // a resolution ended: the resolving thread may start another
            heard = holdings.resolved(name, announcement, txtToCome, addresses, info.getServer(), source);
        }
        if (heard.ignored() >= 0) {
            ignoredListener.accept(heard.ignored());
        }
        if (heard.cameras() != null) {
            listener.accept(heard.cameras());
        }
    }

    private void removed(String instanceName) {
        List<Found> now;
        synchronized (this) {
            notifyAll(); // there may be room again
            now = holdings.removed(instanceName);
        }
        if (now != null) {
            listener.accept(now);
        }
    }

    @Override
    public void close() {
        List<JmDNS> toClose;
        synchronized (this) {
            closed = true;
            toClose = List.copyOf(browsers);
            browsers.clear();
            notifyAll();
        }
        for (JmDNS jmdns : toClose) {
            try {
                jmdns.close();
            } catch (IOException | RuntimeException e) {
                log.debug("closing the LAN browser: {}", e.toString());
            }
        }
    }

    private final class Listener implements ServiceListener {
        @Override
        public void serviceAdded(ServiceEvent event) {} // heard with its sender as its PTR came in (recordChanged)

        @Override
        public void serviceRemoved(ServiceEvent event) {
            removed(event.getName());
        }

        @Override
        public void serviceResolved(ServiceEvent event) {
            resolved((JmDNSImpl) event.getDNS(), event.getInfo());
        }
    }
}
