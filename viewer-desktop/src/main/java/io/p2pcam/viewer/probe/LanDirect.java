package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.LanBrowser;
import io.p2pcam.viewer.engine.connection.LanVerdict;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * `probe`'s connect straight to a camera found announced on the LAN (docs/PROTOCOL.md §10.8),
 * trying the ID's announced instances in turn as the viewer's tiles do: anyone on the LAN can claim
 * the ID, so an attempt where nothing answers with the camera's key within {@link #ANSWER_WAIT}, or
 * where what answered is not the camera, is told back to the browser ({@link LanVerdict}, the
 * tiles' rule), which puts the ID's next instance first, and that one is tried, until the probe's
 * deadline is near: the last attempt then runs to it. The camera admitting us at an instance is
 * told back too ({@link Announced#proved}).
 */
final class LanDirect {
    /** A camera on the LAN answers its LOOKUP within milliseconds; this leaves room for a few lost. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(3);

    /** Where the camera is announced, and what a failed connect there says: {@link LanBrowser}, or a test's. */
    interface Announced {
        /** The address camera {@code id} is announced at now (the instance to try next), or null. */
        InetSocketAddress next(CameraId id);

        void failed(CameraId id, InetSocketAddress address, LanBrowser.ConnectFailure failure);

        /** The camera admitted us at {@code address}: its handshake proved the instance there. */
        void proved(CameraId id, InetSocketAddress address);
    }

    /** Opens a connection straight to {@code address}, its events going to {@code milestones}. */
    @FunctionalInterface
    interface Connector<C> {
        C open(InetSocketAddress address, Milestones milestones) throws IOException;
    }

    /** The connection kept (the camera answered at its address, or the deadline is near), and its milestones. */
    record Tried<C>(C connection, Milestones milestones) {}

    private LanDirect() {}

    /** {@link Announced} over a browser. */
    static Announced of(LanBrowser browser) {
        return new Announced() {
            @Override
            public InetSocketAddress next(CameraId id) {
                LanBrowser.Found found = browser.found().stream()
                        .filter(camera -> camera.id().equals(id))
                        .findFirst()
                        .orElse(null);
                return found == null ? null : found.address();
            }

            @Override
            public void failed(CameraId id, InetSocketAddress address, LanBrowser.ConnectFailure failure) {
                browser.failed(id, address, failure);
            }

            @Override
            public void proved(CameraId id, InetSocketAddress address) {
                browser.proved(id, address);
            }
        };
    }

    /**
     * Connects to camera {@code id} at {@code first}, then at the ID's other announced instances in
     * turn, each for {@code answerWait} ({@link #ANSWER_WAIT}), until one answers with the camera's
     * key or {@code deadline} ({@link System#nanoTime()}) is less than that away; null when no
     * instance is left to try.
     */
    static <C extends AutoCloseable> Tried<C> connect(
            Announced lan,
            CameraId id,
            InetSocketAddress first,
            long deadline,
            Duration answerWait,
            Supplier<Milestones> fresh,
            Connector<C> connector)
            throws Exception {
        InetSocketAddress address = first;
        while (address != null) {
            Milestones milestones = fresh.get();
            C connection = connector.open(address, milestones);
            if (deadline - System.nanoTime() <= answerWait.toNanos()) {
                return kept(lan, id, address, connection, milestones); // the last chance: it runs to the deadline
            }
            boolean answered = milestones.awaitCloud(answerWait); // direct: the camera's key, from the camera
            ViewerEvent.Failed failed = milestones.failure();
            LanBrowser.ConnectFailure verdict = answered
                    ? null
                    : failed == null ? LanBrowser.ConnectFailure.NO_ANSWER : LanVerdict.of(failed.failure());
            if (verdict == null) {
                return kept(lan, id, address, connection, milestones); // the camera answered there (or said why not)
            }
            connection.close();
            lan.failed(id, address, verdict);
            address = lan.next(id);
        }
        return null;
    }

    /**
     * The connection at {@code address} is kept: when the camera admits us there, which proves the
     * instance (a key anyone can send; a handshake only the camera completes), the browser is told,
     * as the tiles tell it, so that it chooses and keeps that instance first (docs/PROTOCOL.md §10.8).
     */
    private static <C> Tried<C> kept(
            Announced lan, CameraId id, InetSocketAddress address, C connection, Milestones milestones) {
        milestones.whenAdmitted(() -> lan.proved(id, address));
        return new Tried<>(connection, milestones);
    }
}
