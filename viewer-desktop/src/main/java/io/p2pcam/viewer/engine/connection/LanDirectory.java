package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.LanBrowser;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The desktop app's view of the cameras announced on its LANs (mDNS, docs/PROTOCOL.md §10.8): a
 * {@link LanBrowser} started off the caller's thread (the caller is the UI thread), the list of
 * what it found for the Add camera dialog, and {@link LanCameras} for the supervisors.
 *
 * <p>Thread-safe. Subscribers hear the whole list after each change, on a JmDNS thread: they hand
 * it to their own thread and return.
 */
public final class LanDirectory implements LanCameras, LanAnnouncements, AutoCloseable {
    private final List<Consumer<List<LanBrowser.Found>>> subscribers = new CopyOnWriteArrayList<>();
    private final List<LongConsumer> ignoredSubscribers = new CopyOnWriteArrayList<>();
    private volatile LanBrowser browser;
    private volatile boolean closed;
    /** The cameras in the viewer's list, for the browser to look for first (guarded by this). */
    private Set<CameraId> listed = Set.of();

    /** The camera being added (its ID typed or picked in the Add camera dialog), or null (guarded by this). */
    private CameraId adding;

    private final AtomicBoolean started = new AtomicBoolean();

    private LanDirectory() {}

    /** Starts browsing in the background; until it runs, nothing is found. */
    public static LanDirectory start() {
        LanDirectory directory = idle();
        directory.startBrowsing();
        return directory;
    }

    /** A directory that finds nothing until {@link #startBrowsing} (the app starts it once its window shows). */
    public static LanDirectory idle() {
        return new LanDirectory();
    }

    /** Starts browsing in the background (once; later calls do nothing). */
    public void startBrowsing() {
        if (started.compareAndSet(false, true)) {
            Thread.ofVirtual().name("lan browse").start(this::browse);
        }
    }

    private void browse() {
        LanBrowser started = LanBrowser.start(
                found -> subscribers.forEach(subscriber -> subscriber.accept(found)),
                count -> ignoredSubscribers.forEach(subscriber -> subscriber.accept(count)));
        synchronized (this) {
            if (!closed) {
                browser = started;
                started.lookFor(lookedFor());
                return;
            }
        }
        started.close();
    }

    /**
     * The cameras in the viewer's list, replacing those given before: announced, they are resolved,
     * held and cached before strangers, so that a flood of forged announcements on the LAN does
     * not hide them ({@link LanBrowser#lookFor}).
     */
    public synchronized void lookFor(Collection<CameraId> ids) {
        listed = Set.copyOf(ids);
        tellBrowser();
    }

    /**
     * Camera {@code id} is being added (its ID typed or picked in the Add camera dialog), or none
     * is ({@code null}): it is looked for as those in the list are, so that it is found during a
     * flood of forged announcements too, and connects as soon as it is saved.
     */
    public synchronized void adding(CameraId id) {
        adding = id;
        tellBrowser();
    }

    private void tellBrowser() {
        LanBrowser current = browser;
        if (current != null) {
            current.lookFor(lookedFor());
        }
    }

    /** What the browser is told to look for: the list, and the camera being added. */
    synchronized Set<CameraId> lookedFor() {
        if (adding == null) {
            return listed;
        }
        Set<CameraId> ids = new HashSet<>(listed);
        ids.add(adding);
        return Set.copyOf(ids);
    }

    @Override
    public InetSocketAddress find(CameraId id) {
        return found().stream()
                .filter(camera -> camera.id().equals(id))
                .map(LanBrowser.Found::address)
                .findFirst()
                .orElse(null);
    }

    @Override
    public void proved(CameraId id, InetSocketAddress address) {
        LanBrowser current = browser;
        if (current != null) {
            current.proved(id, address);
        }
    }

    @Override
    public void failed(CameraId id, InetSocketAddress address, LanBrowser.ConnectFailure failure) {
        LanBrowser current = browser;
        if (current != null) {
            current.failed(id, address, failure);
        }
    }

    @Override
    public List<LanBrowser.Found> found() {
        LanBrowser current = browser;
        return current == null ? List.of() : current.found();
    }

    /**
     * How many announcements the browser did not list for want of room: a flood of forged ones
     * from a few addresses shows as this count, not as a list of fakes ({@link LanBrowser#ignoredAnnouncements}).
     */
    @Override
    public long ignoredAnnouncements() {
        LanBrowser current = browser;
        return current == null ? 0 : current.ignoredAnnouncements();
    }

    @Override
    public Runnable subscribe(Consumer<List<LanBrowser.Found>> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    @Override
    public Runnable subscribeIgnored(LongConsumer subscriber) {
        ignoredSubscribers.add(subscriber);
        return () -> ignoredSubscribers.remove(subscriber);
    }

    @Override
    public void close() {
        LanBrowser current;
        synchronized (this) {
            closed = true;
            current = browser;
            browser = null;
        }
        if (current != null) {
            current.close();
        }
    }
}
