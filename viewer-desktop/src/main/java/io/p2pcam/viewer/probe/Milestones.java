package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.session.SessionEvent;
import io.p2pcam.viewer.engine.connection.ConnectionListener;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The milestones of one connection as the network thread reports them. */
final class Milestones {
    final CountDownLatch finished = new CountDownLatch(1);
    /** Counted down when the cloud answered (the key) or the attempt failed. */
    final CountDownLatch cloudHeard = new CountDownLatch(1);
    /** Counted down when the session is live (talkback starts then). */
    final CountDownLatch liveNow = new CountDownLatch(1);
    /** Completed when the camera admitted us (its handshake succeeded). */
    private final CompletableFuture<Void> admittedNow = new CompletableFuture<>();

    private final int frames;
    /** Whether counting stops at {@code frames}; not when a stream switch is watched after them. */
    private final boolean countOnlyWhatWasAsked;

    volatile ViewerEvent.KeyVerified keyVerified;
    volatile ViewerEvent.Admitted admitted;
    volatile ViewerEvent.Live live;
    volatile ViewerEvent.Failed failed;
    volatile ViewerEvent.PathChanged changed;
    /** The viewer's fallbacks to the sub-stream (decision 0042). */
    final StreamFallbacks fallbacks = new StreamFallbacks();
    /** With --switch-to, once the switch was asked for: hears every picture. */
    volatile SwitchWatch switchWatch;

    /** @param countOnlyWhatWasAsked stop counting at {@code frames} (false: a stream switch follows) */
    Milestones(int frames, boolean countOnlyWhatWasAsked) {
        this.countOnlyWhatWasAsked = countOnlyWhatWasAsked;
        this.frames = frames;
    }

    ConnectionListener listener(ProbeStats stats) {
        return new ConnectionListener() {
            @Override
            public void event(ViewerEvent event) {
                record(event);
                if (event instanceof ViewerEvent.Failed) {
                    finished.countDown();
                    cloudHeard.countDown();
                } else if (event instanceof ViewerEvent.KeyVerified) {
                    cloudHeard.countDown();
                } else if (event instanceof ViewerEvent.Admitted) {
                    Instant now = Instant.now();
                    stats.liveFrom(now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000);
                } else if (event instanceof ViewerEvent.Live) {
                    liveNow.countDown();
                }
            }

            @Override
            public void pictureDecoded(VideoFrame frame) {
                long now = System.nanoTime();
                stats.picture(frame, Instant.now(), now);
                SwitchWatch watch = switchWatch;
                if (watch != null) {
                    watch.picture(frame, now);
                }
            }

            @Override
            public void picturePresented(VideoFrame frame) {
                stats.presented(frame, Instant.now());
                if (stats.frames() >= frames) {
                    if (countOnlyWhatWasAsked) {
                        stats.stopCounting(); // on this decode thread, before the next picture
                    }
                    finished.countDown();
                }
            }
        };
    }

    /** Whether the cloud gave the camera's key within {@code wait} (false: silent, or it failed). */
    boolean awaitCloud(Duration wait) throws InterruptedException {
        cloudHeard.await(wait.toNanos(), TimeUnit.NANOSECONDS);
        return keyVerified != null;
    }

    void record(ViewerEvent event) {
        switch (event) {
            case ViewerEvent.KeyVerified key -> keyVerified = key;
            case ViewerEvent.Admitted yes -> {
                admitted = yes;
                admittedNow.complete(null);
            }
            case ViewerEvent.Live path -> live = path;
            case ViewerEvent.PathChanged path -> changed = path;
            case ViewerEvent.Failed failure -> failed = failure;
            case ViewerEvent.StreamFallback fallback -> fallbacks.heard(fallback);
            default -> {}
        }
    }

    /** Runs {@code then} when the camera admits us: at once if it did, else on the thread that hears it. */
    void whenAdmitted(Runnable then) {
        admittedNow.thenRun(then);
    }

    SessionEvent.PathKind currentPath() {
        return changed != null ? changed.path() : live.path();
    }

    ViewerEvent.Failed failure() {
        return failed;
    }
}
