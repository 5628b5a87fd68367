package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.media.DepacketizerEvent;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.session.SessionHello;
import io.p2pcam.viewer.engine.audio.AudioSink;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one camera connected for as long as someone watches it: opens a {@link CameraConnection},
 * turns its events into a {@link ConnectionStatus}, and after a failure opens a new one when the
 * {@link RetryPolicy} says so: it never gives up on the camera (a refused handshake, a wrong
 * password, a revoked key all come back, some after a long wait), and {@link #retryNow()} goes at
 * once. Only a password no camera can accept waits for the user to edit it. The desktop app runs one
 * per tile.
 *
 * <p>Threads: status reaches the listener from the connection's network thread or the retry
 * scheduler, one call at a time (under this object's lock); it must return quickly. Pictures are
 * taken with {@link #takeLatest()} by one consumer thread (the UI pulse).
 */
public final class CameraSupervisor implements AutoCloseable {
    /** Hears every status change. */
    @FunctionalInterface
    public interface Listener {
        void statusChanged(ConnectionStatus status);

        /** The camera admitted us and said whether it keeps our key (paired: no password needed). */
        default void paired(boolean paired) {}

        /** The camera gave us a new cloud pass (docs/PROTOCOL.md §5.3): worth keeping for the next start. */
        default void cloudPass(CloudPass pass) {}

        /**
         * The camera did not play our talk: another viewer holds its talk floor (docs/PROTOCOL.md
         * §10.7), {@code holder} by the name it gave itself (empty if unsaid), the camera's owner who
         * took the floor from us if {@code takenOver}. Repeated about every 250 ms while we talk.
         */
        default void talkRefused(String holder, boolean takenOver) {}
    }

    private static final Logger log = LoggerFactory.getLogger(CameraSupervisor.class);

    private final ConnectionSettings settings;
    /**
     * Set once a camera says it keeps our key: from then on attempts go without the password, so a
     * revoked viewer gets PASSWORD_NEEDED instead of pairing itself again.
     */
    private volatile boolean paired;
    /** The newest cloud pass the camera gave us, presented from the next attempt on. */
    private volatile CloudPass pass;

    private final CloudNodes clouds;
    private final ScheduledExecutorService scheduler;
    private final RetryTimer retries;
    private final ConnectionOpener opener;
    private final Listener listener;
    private final Object lock = new Object();

    private volatile CameraConnection connection;
    private volatile ConnectionStatus status = ConnectionStatus.starting(1);
    private final ConnectionTaps taps = new ConnectionTaps();
    private long previousConnectionsBytes;
    private boolean closed;

    /**
     * How long a cloud may stay silent (no answer to the lookup) before a camera found on the LAN
     * is tried directly instead (docs/PROTOCOL.md §10.8).
     */
    static final long CLOUD_SILENCE_MILLIS = 3_000;

    private final LanFallback lan;

    private CameraSupervisor(
            ConnectionSettings settings,
            List<InetSocketAddress> clouds,
            LanCameras lan,
            ScheduledExecutorService scheduler,
            RetryPolicy policy,
            ConnectionOpener opener,
            Listener listener) {
        this.settings = settings;
        this.lan = new LanFallback(settings.camera(), lan);
        this.pass = settings.pass();
        this.clouds = new CloudNodes(settings.camera(), clouds.isEmpty() ? settings.clouds() : clouds);
        this.scheduler = scheduler;
        this.retries = new RetryTimer(scheduler, policy, this::retryScheduled);
        this.opener = opener;
        this.listener = listener;
    }

    /** Starts connecting at once; {@code scheduler} runs the retries and is not owned. */
    public static CameraSupervisor start(
            ConnectionSettings settings, ScheduledExecutorService scheduler, RetryPolicy policy, Listener listener) {
        return start(settings, List.of(), scheduler, policy, listener);
    }

    /**
     * Starts connecting at once through {@code clouds} (empty: the settings' cloud), every address
     * of every name: each attempt asks them in turn, in this order (docs/PROTOCOL.md §5.4), except
     * that the node that answered the last attempt goes first.
     */
    public static CameraSupervisor start(
            ConnectionSettings settings,
            List<InetSocketAddress> clouds,
            ScheduledExecutorService scheduler,
            RetryPolicy policy,
            Listener listener) {
        return start(settings, clouds, LanCameras.NONE, scheduler, policy, listener);
    }

    /**
     * As {@link #start(ConnectionSettings, List, ScheduledExecutorService, RetryPolicy, Listener)}, and
     * when the cloud does not help (silent for {@value #CLOUD_SILENCE_MILLIS} ms, unreachable, or
     * it does not know the camera) while {@code lan} has found the camera on this LAN, the next
     * attempt goes straight to the camera there, with no cloud (docs/PROTOCOL.md §10.8).
     */
    public static CameraSupervisor start(
            ConnectionSettings settings,
            List<InetSocketAddress> clouds,
            LanCameras lan,
            ScheduledExecutorService scheduler,
            RetryPolicy policy,
            Listener listener) {
        return start(settings, clouds, lan, scheduler, policy, CameraConnection::open, listener);
    }

    /** As above, each attempt's connection opened by {@code opener}: a test's stand-in for the network. */
    static CameraSupervisor start(
            ConnectionSettings settings,
            List<InetSocketAddress> clouds,
            LanCameras lan,
            ScheduledExecutorService scheduler,
            RetryPolicy policy,
            ConnectionOpener opener,
            Listener listener) {
        CameraSupervisor supervisor = new CameraSupervisor(settings, clouds, lan, scheduler, policy, opener, listener);
        // Off the caller's thread: the caller may be a UI thread, and naming a cloud may need DNS.
        synchronized (supervisor.lock) {
            supervisor.retries.attemptNow();
        }
        return supervisor;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public ConnectionStatus status() {
        return status;
    }

    /**
     * Drops any wait and connects again at once (the tile's retry button). Returns at once: the
     * attempt runs on the scheduler, since naming the cloud may need DNS and the caller may be a UI
     * thread.
     */
    public void retryNow() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            retries.startOver();
            closeConnection();
            retries.attemptNow();
        }
    }

    /**
     * The computer's network came back or changed (an address appeared, a resume from sleep): if
     * this tile waits out a backoff after a failure the network may explain (unreachable, timed out,
     * punch failed, lost, rate limited), it tries again at once, once, and the backoff starts over.
     * A lock-out the camera asked for and the long wait after a refusal are kept; a tile connecting
     * or live is left alone. Any thread; the attempt runs on the scheduler.
     */
    public void networkChanged() {
        synchronized (lock) {
            if (!closed && connection == null && retries.networkChanged()) {
                log.info("camera {}: the network changed; trying again now", settings.camera());
            }
        }
    }

    /** The newest picture since the last call, or null; consumer thread only. */
    public VideoFrame takeLatest() {
        CameraConnection current = connection;
        return current == null ? null : current.mailbox().takeLatest();
    }

    /**
     * Asks for pictures no larger than this (aspect kept, never enlarged), e.g. the tile's size
     * on screen: scaling in the decoder is cheaper than drawing full pictures small. 0 for full size.
     */
    public void fitPicturesWithin(int width, int height) {
        taps.fitPicturesWithin(width, height, connection);
    }

    /** Receives every depacketizer event on the network thread (recording); null to stop. */
    public void tapAccessUnits(Consumer<DepacketizerEvent> tap) {
        taps.tapAccessUnits(tap, connection);
    }

    /**
     * Plays the camera's sound into sinks from {@code sound} (one per connection: now, and again
     * after every reconnect; it may return null when there is no device); null stops the sound.
     * Any thread.
     */
    public void playSound(Supplier<AudioSink> sound) {
        taps.playSound(sound, connection);
    }

    /** Sends one talkback packet to the camera if connected (docs/PROTOCOL.md §10.7); false otherwise. Any thread. */
    public boolean talk(RtpPacket packet) {
        CameraConnection current = connection;
        if (current == null) {
            return false;
        }
        current.talk(packet);
        return true;
    }

    /** Receives every audio RTP packet on the network thread (recording); null to stop. */
    public void tapAudio(Consumer<RtpPacket> tap) {
        taps.tapAudio(tap, connection);
    }

    /** Receives every decoded picture on the decode thread, valid during the call only; null to stop. */
    public void tapPictures(Consumer<VideoFrame> tap) {
        taps.tapPictures(tap);
    }

    /** The next picture at full size, on the decode thread; false when not live. See {@link CameraConnection#captureNextPicture}. */
    public boolean captureNextPicture(Consumer<VideoFrame> consumer) {
        CameraConnection current = connection;
        return current != null && current.captureNextPicture(consumer);
    }

    /** Asks the camera for a keyframe now (a recording starts at one). */
    public void requestKeyframe() {
        CameraConnection current = connection;
        if (current != null) {
            current.requestKeyframe();
        }
    }

    /** Media bytes over every connection this supervisor made. */
    public long mediaBytes() {
        CameraConnection current = connection;
        synchronized (lock) {
            return previousConnectionsBytes + (current == null ? 0 : current.mediaBytes());
        }
    }

    /** The current connection, or null between attempts. */
    public CameraConnection connection() {
        return connection;
    }

    private void connect() {
        publish(ConnectionStatus.starting(retries.failuresInARow() + 1));
        if (!SessionHello.carries(settings.password())) {
            retries.countFailure(); // no retry: these settings can never be sent; editing them starts a new tile
            publish(new ConnectionStatus(
                    ConnectionState.WRONG_PASSWORD,
                    null,
                    "the password is longer than the 128 bytes of UTF-8 a camera accepts",
                    0,
                    retries.failuresInARow()));
            return;
        }
        InetSocketAddress onLan = lan.startAttempt();
        if (onLan != null) {
            log.info("camera {}: the cloud did not help; connecting on the LAN at {}", settings.camera(), onLan);
            open((paired ? settings.withoutPassword() : settings).directTo(onLan));
            return;
        }
        List<InetSocketAddress> nodes = clouds.resolve();
        if (nodes.isEmpty()) {
            failed(ViewerFailure.NETWORK_ERROR, clouds.unresolved());
            return;
        }
        ConnectionSettings attempt = (paired ? settings.withoutPassword() : settings).withPass(pass);
        CameraConnection opened = open(attempt.withClouds(nodes));
        if (opened != null && lan.browsing()) {
            scheduler.schedule(() -> cloudSilent(opened), CLOUD_SILENCE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private CameraConnection open(ConnectionSettings attempt) {
        try {
            CameraConnection opened = opener.open(attempt, new Events());
            taps.applyTo(opened);
            connection = opened;
            return opened;
        } catch (IOException e) {
            log.warn("camera {}: cannot open a UDP socket: {}", settings.camera(), e.getMessage());
            failed(ViewerFailure.NETWORK_ERROR, "cannot open a network socket: " + e.getMessage());
            return null;
        } catch (RuntimeException e) { // our bug: the tile says so and tries again instead of hanging unseen
            log.error("camera {}: cannot open a connection", settings.camera(), e);
            failed(ViewerFailure.NETWORK_ERROR, "cannot open a connection: " + e);
            return null;
        }
    }

    /** The cloud has not answered the lookup yet: if the camera is on our LAN, go there instead. */
    private void cloudSilent(CameraConnection attempt) {
        synchronized (lock) {
            if (closed || connection != attempt || status.state() != ConnectionState.LOOKING_UP || !lan.cameraFound()) {
                return;
            }
            closeConnection();
            lan.skipTheCloudNext();
            connect();
        }
    }

    private final class Events implements ConnectionListener {
        @Override
        public void event(ViewerEvent event) {
            synchronized (lock) {
                if (closed || connection == null || !connection.isListener(this)) {
                    return; // a late word from a connection we already replaced
                }
                switch (event) {
                    case ViewerEvent.KeyVerified ignored -> publish(status.with(ConnectionState.CONNECTING));
                    case ViewerEvent.Admitted admitted -> {
                        rememberNode();
                        lan.admitted(); // the handshake proves the camera answered there (§10.8)
                        paired |= admitted.welcome().paired() && settings.viewerKey() != null;
                        listener.paired(admitted.welcome().paired());
                        CloudPass given = admitted.welcome().pass();
                        if (given.present() && settings.viewerKey() != null && !given.equals(pass)) {
                            pass = given;
                            listener.cloudPass(given);
                        }
                        publish(status.with(ConnectionState.PUNCHING));
                    }
                    case ViewerEvent.Live live -> {
                        retries.startOver();
                        publish(new ConnectionStatus(
                                ConnectionState.LIVE, live.path(), "", 0, status.attempt(), lan.current() != null));
                    }
                    case ViewerEvent.PathChanged changed -> publish(status.onPath(changed.path()));
                    case ViewerEvent.Failed failed -> {
                        rememberNode();
                        closeConnection();
                        failed(failed.failure(), failed.message());
                    }
                    case ViewerEvent.Video ignored -> {}
                    case ViewerEvent.Audio ignored -> {}
                    case ViewerEvent.SenderClock ignored -> {}
                    case ViewerEvent.StreamFallback fallback ->
                        publish(status.after(fallback, System.currentTimeMillis()));
                    case ViewerEvent.TalkRefused refused -> listener.talkRefused(refused.holder(), refused.takenOver());
                }
            }
        }

        @Override
        public void pictureDecoded(VideoFrame frame) {
            taps.pictureDecoded(frame);
        }
    }

    /** Under the lock: the node the current connection heard from, to be asked first next time. */
    private void rememberNode() {
        InetSocketAddress node = connection.cloudNode();
        if (node != null) {
            clouds.answered(node);
        }
    }

    private void failed(ViewerFailure failure, String message) {
        LanFallback.Failure told = lan.failed(failure, message);
        long delay = retries.afterFailure(told.failure());
        publish(new ConnectionStatus(
                RetryPolicy.stateOf(told.failure()),
                null,
                told.message(),
                System.currentTimeMillis() + delay,
                retries.failuresInARow()));
    }

    /** The scheduler's thread: the attempt armed as {@code ticket} fell due. */
    private void retryScheduled(long ticket) {
        synchronized (lock) {
            // One connect at a time: not over a connection (a retry replaced by the user's, or the
            // network's, that had already begun), not when another attempt was armed since.
            if (closed || connection != null || !retries.take(ticket)) {
                return;
            }
            connect();
        }
    }

    private void publish(ConnectionStatus next) {
        status = next;
        try {
            listener.statusChanged(next);
        } catch (RuntimeException e) {
            log.error("status listener failed for {}", settings.camera(), e);
        }
    }

    private void closeConnection() {
        CameraConnection current = connection;
        if (current != null) {
            connection = null;
            previousConnectionsBytes += current.mediaBytes();
            // Closing joins the decode thread; never do that on the network thread that told us.
            Thread.ofVirtual().start(current::close);
        }
    }

    /**
     * Stops retrying at once and closes the connection on another thread (closing waits for the
     * decode thread, which a UI thread should not): for tiles leaving the screen.
     */
    public CompletableFuture<Void> closeInBackground() {
        return CompletableFuture.runAsync(this::close, Thread::startVirtualThread);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    /** Stops retrying and closes the connection (saying goodbye to the camera). */
    @Override
    public void close() {
        CameraConnection last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            retries.cancel();
            last = connection;
            connection = null;
            status = status.with(ConnectionState.STOPPED);
        }
        if (last != null) {
            last.close();
        }
    }
}
