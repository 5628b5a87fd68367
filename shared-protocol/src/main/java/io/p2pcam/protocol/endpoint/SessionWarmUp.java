package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;

/**
 * One whole connection between a throw-away camera and viewer in memory, no sockets: the LAN
 * lookup, the handshake, the path probes, some full-size sealed media packets. Run once per
 * process before the first real connection — by the viewer's engine (and in the training run of
 * its start-up cache) and by a camera as it starts — it loads and links the classes of every step
 * the first real connection takes, on both sides, so that connection's time is the network's, not
 * the JVM's (issue 16 §2). Addresses are documentation ones (RFC 5737) that never leave this class.
 * Thread-safe: each run has objects of its own.
 */
public final class SessionWarmUp {
    private static final InetSocketAddress CAMERA = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("192.0.2.20", 40001);
    /** The camera's cloud: never answers here, its datagrams go nowhere. */
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("192.0.2.30", 9);
    /** Simulated milliseconds the warm-up may take; far more than a loss-free in-memory connection needs. */
    private static final long GIVE_UP_AFTER = 30_000;
    /** Media packets the camera sends once the path is up: a keyframe's worth, so sealing and opening run hot. */
    private static final int MEDIA_PACKETS = 24;
    /** Each one as large as a real video packet (docs/PROTOCOL.md §10.2: at most 1,200 bytes sealed). */
    private static final int MEDIA_PAYLOAD = 1_100;

    private SessionWarmUp() {}

    /**
     * Connects, exchanges media and closes; returns whether the viewer saw the media (false: a bug
     * to report). {@code clock} is what the handshakes read their timestamps from (the system's, as
     * a real connection's).
     */
    public static boolean run(SecureRandom random, InstantSource clock) {
        Password password = Password.of("warm-up session passphrase");
        CameraIdentity identity = CameraIdentity.generate(random);
        long now = 0;
        CameraEndpoint camera = new CameraEndpoint(
                identity,
                NOWHERE,
                new CameraHandshake.Access(
                        password,
                        new PairingStore(
                                identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                        UnpairedBudget.Limits.DEFAULTS,
                        clock),
                List.of(Candidate.local(CAMERA)),
                new CameraStream(16, 16, 1),
                1,
                random,
                random,
                SessionTimers.DEFAULT,
                now);
        ViewerEndpoint viewer = new ViewerEndpoint(
                identity.id(),
                List.of(CAMERA), // straight to the camera, as on a LAN (docs/PROTOCOL.md §10.8)
                password,
                "warm-up",
                KeyPair.generate(random),
                false,
                List.of(Candidate.local(VIEWER)),
                random,
                random,
                SessionTimers.DEFAULT,
                clock,
                now,
                now + GIVE_UP_AFTER);
        boolean live = false;
        int media = 0;
        int sent = 0;
        while (now < GIVE_UP_AFTER && media < MEDIA_PACKETS) {
            deliver(camera, CAMERA, viewer, VIEWER, now);
            ViewerEvent event;
            while ((event = viewer.pollEvent()) != null) {
                switch (event) {
                    case ViewerEvent.Live path -> live = true;
                    case ViewerEvent.Video video -> media++;
                    case ViewerEvent.Failed failed -> {
                        return false;
                    }
                    default -> {}
                }
            }
            while (camera.pollEvent() != null) {} // admitted, live: nothing to act on
            if (live && sent < MEDIA_PACKETS) {
                // One-packet "keyframes" (an IDR slice header and filler): enough to take the media
                // path, not to decode.
                byte[] idr = new byte[MEDIA_PAYLOAD];
                idr[0] = 0x65;
                idr[1] = (byte) 0x88;
                camera.sendMedia(RtpCodec.encode(new RtpPacket(96, true, sent, sent * 3000L, 1, List.of(), idr)), now);
                sent++;
                continue;
            }
            long next = Math.min(camera.nextTimeout(), viewer.nextTimeout());
            now = Math.max(now + 1, Math.min(next, GIVE_UP_AFTER));
            camera.handleTimeout(now);
            viewer.handleTimeout(now);
        }
        viewer.close(now);
        camera.close(now);
        return media > 0;
    }

    /** Delivers what each side has queued to the other until both are quiet; anything else is dropped. */
    private static void deliver(
            DatagramEndpoint a, InetSocketAddress aAddress, DatagramEndpoint b, InetSocketAddress bAddress, long now) {
        boolean moved = true;
        while (moved) {
            moved = forward(a, aAddress, b, bAddress, now) | forward(b, bAddress, a, aAddress, now);
        }
    }

    private static boolean forward(
            DatagramEndpoint from,
            InetSocketAddress fromAddress,
            DatagramEndpoint to,
            InetSocketAddress toAddress,
            long now) {
        boolean moved = false;
        Outgoing out;
        while ((out = from.pollTransmit()) != null) {
            moved = true;
            if (out.to().equals(toAddress)) {
                to.handleDatagram(out.data(), 0, out.data().length, fromAddress, now);
            }
        }
        return moved;
    }
}
