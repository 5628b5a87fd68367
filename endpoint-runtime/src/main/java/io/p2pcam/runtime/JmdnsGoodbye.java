package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetAddress;
import java.util.List;
import java.util.Timer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import javax.jmdns.JmDNS;
import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSStatefulObject;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.tasks.RecordReaper;
import javax.jmdns.impl.tasks.state.Canceler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes JmDNS say goodbye with one packet, at once, so that closing a responder takes milliseconds,
 * and hear one within a second or two, so that a browser drops a camera that stopped.
 *
 * <p>JmDNS (3.6) says goodbye as it announces: the records with TTL 0 three times, one second apart,
 * and {@code unregisterAllServices()} and {@code close()} each wait for their round, so a camera
 * that unregistered and closed took 4 s to stop (2 s for a browser's {@code close()}). RFC 6762
 * §10.1 asks for a goodbye, one unsolicited response with TTL 0; it does not repeat it (§8.3's
 * repetition is for announcements). Here JmDNS's canceler sends that response once, in the thread
 * that unregisters or closes, and marks what it said goodbye for as cancelled, so JmDNS's own waits
 * return at once. And {@link Starter#cancelStateTimer} spares {@code close()} a second it could
 * spend waiting for its socket's thread.
 *
 * <p>Hearing a goodbye, JmDNS keeps the records one more second, as §10.1 asks, but only removes
 * expired records (and tells its listeners) when its reaper runs, every 10 s: a viewer offered a
 * stopped camera for up to 11 s. Here the reaper runs every second, and bounds the cache first
 * ({@link JmdnsCacheBound}). And JmDNS's collector does not resolve instances on its own ({@link
 * Starter#startServiceInfoResolver}). Everything else JmDNS does is unchanged.
 *
 * <p>This replaces JmDNS's task starter through its public hook ({@link DNSTaskStarter.Factory#setClassDelegate}),
 * for every JmDNS created in this process after {@link #install} ({@link #checkHooked} says at WARN
 * when JmDNS does not use it, JmdnsHookTest fails); it depends on JmDNS's state machine
 * (CANCELING_1 to 3, then CANCELED), which LanAnnouncerCloseTest checks.
 */
final class JmdnsGoodbye {
    private static final Logger log = LoggerFactory.getLogger(JmdnsGoodbye.class);
    private static final long REAP_EVERY_MILLIS = 1_000;
    /** One thread reaps for every JmDNS of the process; each one's task ends when it closes. */
    private static final Timer REAPERS = new Timer("jmdns reaper", true);

    /** What is lost when JmDNS does not run our starter, said once at WARN. */
    static final String NOT_HOOKED = "JmDNS ({}) does not run p2pcam's task starter (a JmDNS upgrade, or another"
            + " library that replaced DNSTaskStarter.Factory's class delegate): its mDNS record cache is unbounded"
            + " (forged answers grow the heap until the process quits), every announced instance is resolved at once"
            + " and persistently, a stopped camera stays listed up to 11 s, and a goodbye takes 2 s";

    private static final AtomicBoolean WARNED_NOT_HOOKED = new AtomicBoolean();
    private static final AtomicBoolean WARNED_UNBOUNDED = new AtomicBoolean();

    private JmdnsGoodbye() {}

    static {
        DNSTaskStarter.Factory.ClassDelegate previous = DNSTaskStarter.Factory.classDelegate();
        DNSTaskStarter.Factory.setClassDelegate(jmdns -> new Starter(
                jmdns,
                previous != null ? previous.newDNSTaskStarter(jmdns) : new DNSTaskStarter.DNSTaskStarterImpl(jmdns),
                new JmdnsCacheBound()));
    }

    /** Makes every JmDNS created from now on say goodbye once and at once (idempotent). */
    static void install() {
        // the static initializer does it, once
    }

    /**
     * Whether JmDNS runs this class's starter for {@code jmdns}, which everything here and {@link
     * JmdnsCacheBound} rests on; when it does not, says so once at WARN ({@link #NOT_HOOKED}) and
     * JmDNS runs as it would without us. Checked for each JmDNS we create, and by JmdnsHookTest.
     */
    static boolean checkHooked(JmDNS jmdns) {
        boolean hooked = jmdns instanceof JmDNSImpl impl
                && DNSTaskStarter.Factory.getInstance().getStarter(impl) instanceof Starter;
        if (!hooked && WARNED_NOT_HOOKED.compareAndSet(false, true)) {
            log.warn(NOT_HOOKED, jmdns.getClass().getName());
        }
        return hooked;
    }

    /**
     * Has {@code jmdns}'s cache keep first the records of the cameras {@code lookedFor} says the
     * viewer looks for ({@link JmdnsCacheBound#prefer}), then those of the instances {@code listed}
     * says the browser lists ({@link JmdnsCacheBound#preferListed}); false when JmDNS does not run this class's
     * starter for it.
     */
    static boolean preferInCache(JmDNSImpl jmdns, Predicate<CameraId> lookedFor, Predicate<String> listed) {
        if (DNSTaskStarter.Factory.getInstance().getStarter(jmdns) instanceof Starter ours) {
            ours.bound().prefer(lookedFor);
            ours.bound().preferListed(listed);
            return true;
        }
        return false;
    }

    /** Has {@code jmdns}'s cache keep at most {@code max} PTR records of our type ({@link JmdnsCacheBound#boundPointers}): for a benchmark. */
    static boolean boundPointersInCache(JmDNSImpl jmdns, int max) {
        if (DNSTaskStarter.Factory.getInstance().getStarter(jmdns) instanceof Starter ours) {
            ours.bound().boundPointers(max);
            return true;
        }
        return false;
    }

    /** JmDNS's own starter, but for the canceler, the reaper and the collector's resolvers. */
    private record Starter(JmDNSImpl jmdns, DNSTaskStarter starter, JmdnsCacheBound bound) implements DNSTaskStarter {
        @Override
        public void startCanceler() {
            new OneGoodbye(jmdns).run();
        }

        @Override
        public void purgeTimer() {
            starter.purgeTimer();
        }

        @Override
        public void purgeStateTimer() {
            starter.purgeStateTimer();
        }

        @Override
        public void cancelTimer() {
            starter.cancelTimer();
        }

        /**
         * Called by {@code close()} just before it closes the socket and then waits for the thread
         * that reads it to end, in {@code wait(1000)} on the JmDNS object that nothing notifies: when
         * that thread has not ended by the first look, close took a second more. This wakes that wait
         * until the socket is gone (at most 1.5 s).
         */
        @Override
        public void cancelStateTimer() {
            starter.cancelStateTimer();
            Thread.ofVirtual().name("jmdns close").start(() -> {
                long deadline = System.nanoTime() + 1_500_000_000L;
                while (System.nanoTime() - deadline < 0) {
                    synchronized (jmdns) {
                        if (jmdns.getSocket() == null) {
                            return;
                        }
                        jmdns.notifyAll();
                    }
                    LockSupport.parkNanos(2_000_000);
                }
            });
        }

        @Override
        public void startProber() {
            starter.startProber();
        }

        @Override
        public void startAnnouncer() {
            starter.startAnnouncer();
        }

        @Override
        public void startRenewer() {
            starter.startRenewer();
        }

        @Override
        public void startReaper() {
            new PromptReaper(jmdns, bound).start(REAPERS);
        }

        /**
         * Browsing a type makes JmDNS add a collector for it that, on every instance of the type it
         * hears, starts a persistent resolver at once: three queries, and a listener kept until the
         * instance's SRV record goes, for each forged instance without bound. Those are not started;
         * {@link LanBrowser} resolves what {@link LanResolutions} allows, with non-persistent ones.
         */
        @Override
        public void startServiceInfoResolver(ServiceInfoImpl info) {
            if (!info.isPersistent()) {
                starter.startServiceInfoResolver(info);
            }
        }

        @Override
        public void startTypeResolver() {
            starter.startTypeResolver();
        }

        @Override
        public void startServiceResolver(String type) {
            starter.startServiceResolver(type);
        }

        @Override
        public void startResponder(DNSIncoming in, InetAddress address, int port) {
            starter.startResponder(in, address, port);
        }
    }

    /** JmDNS's canceler, the goodbye sent once: its first round, then the objects go straight to CANCELED. */
    private static final class OneGoodbye extends Canceler {
        OneGoodbye(JmDNSImpl jmdns) {
            super(jmdns);
        }

        @Override
        public void start(Timer timer) {
            timer.schedule(this, 0);
        }

        @Override
        protected void advanceObjectsState(List<DNSStatefulObject> objects) {
            for (DNSStatefulObject object : objects) {
                synchronized (object) {
                    // CANCELING_1, 2, 3, then CANCELED: at most three steps, whoever owns the object
                    for (int step = 0; step < 3 && object.isCanceling(); step++) {
                        object.advanceState(this);
                    }
                }
            }
        }

        @Override
        protected void advanceTask() {
            cancel();
        }
    }

    /**
     * JmDNS's reaper, every second instead of every ten, ending with its JmDNS; each round first
     * marks expired what its cache should not keep ({@link JmdnsCacheBound}), so the round removes it.
     */
    private static final class PromptReaper extends RecordReaper {
        private final JmdnsCacheBound bound;

        PromptReaper(JmDNSImpl jmdns, JmdnsCacheBound bound) {
            super(jmdns);
            this.bound = bound;
        }

        @Override
        public void start(Timer timer) {
            timer.schedule(this, REAP_EVERY_MILLIS, REAP_EVERY_MILLIS);
        }

        @Override
        public void run() {
            if (getDns().isCanceling() || getDns().isCanceled()) {
                cancel();
                return;
            }
            // The timer's thread reaps for every JmDNS: no failure may end it.
            try {
                bound.expireBeyondBound(getDns().getCache());
            } catch (RuntimeException | LinkageError e) {
                // JmDNS's cache or records are not what JmdnsCacheBound knows (a JmDNS upgrade, or
                // another JmDNS at run time than at build time): reap anyway, unbounded, and say so.
                if (WARNED_UNBOUNDED.compareAndSet(false, true)) {
                    log.warn(
                            "cannot bound the mDNS record cache of {}, so it is unbounded (forged answers grow"
                                    + " the heap until the process quits): {}",
                            getDns().getName(),
                            e.toString());
                }
            }
            try {
                super.run();
            } catch (RuntimeException e) {
                log.debug("reaping mDNS records of {}: {}", getDns().getName(), e.toString());
            }
        }
    }
}
