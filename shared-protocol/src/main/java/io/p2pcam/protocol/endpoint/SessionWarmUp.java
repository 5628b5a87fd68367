package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.DepacketizerEvent;
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
import java.util.concurrent.locks.LockSupport;

/**
 * One whole connection between a throw-away camera and viewer in memory, no sockets: the LAN
 * lookup, the handshake, the path probes, then a stretch of a live session in simulated time —
 * video frames of several full-size sealed packets at 30 a second, a sound packet every 20 ms, the
 * camera's sender reports and the viewer's receiver reports and acknowledgements back, the sound
 * through a jitter buffer as the player takes it. Run before the first real connection — by the
 * viewer's engine (and in the training run of its start-up cache) and by a camera as it starts —
 * it loads and links the classes of every step the first real connection takes, on both sides, so
 * that connection's time is the network's, not the JVM's (issue 16 §2); a longer stretch ({@link
 * #runToCompile}) takes the per-packet code (sealing, opening, the replay window, RTP parsing,
 * the depacketizer, the jitter buffer) past C2's thresholds, so that the first session does not pay
 * those compilations in its first minute (issue 15, decision 0088). Addresses are documentation
 * ones (RFC 5737) that never leave this class. Thread-safe: each run has objects of its own.
 */
public final class SessionWarmUp {
    private static final InetSocketAddress CAMERA = new InetSocketAddress("192.0.2.10", 40000);
    private static final InetSocketAddress VIEWER = new InetSocketAddress("192.0.2.20", 40001);
    /** The camera's cloud: never answers here, its datagrams go nowhere. */
    private static final InetSocketAddress NOWHERE = new InetSocketAddress("192.0.2.30", 9);
    /** Simulated milliseconds the connection may take to go live; far more than a loss-free in-memory one needs. */
    private static final long GIVE_UP_AFTER = 30_000;
    /** Simulated seconds of live session that load the media path's classes: a second's frames and sound. */
    public static final int LOADING_SECONDS = 1;
    /**
     * Simulated seconds of live session in each of {@link #COMPILING_STRETCHES} connections of
     * {@link #runToCompile}: 600 frames (2,400 video packets) and 1,000 sound packets.
     */
    public static final int COMPILING_SECONDS = 20;
    /**
     * Connections {@link #runToCompile} runs, each followed by a rest as long as it took. One long
     * stretch did not do: while C2's queue is long at start-up the tiered policy raises its thresholds
     * (Tier4LoadFeedback), and the per-packet methods were still tier 3 code at its end; six stretches
     * with rests between them, in which C2 empties its queue, brought `drainSession`, `aead`,
     * `SessionPacket::seal` and `ReplayWindow::check` to C2 (docs/BENCHMARKS.md, warm19).
     */
    public static final int COMPILING_STRETCHES = 6;
    /** Video frames a second, as a 720p30 camera's. */
    private static final int FRAMES_PER_SECOND = 30;
    /** Packets a video frame takes: each a slice of its own, the frame's last one marked. */
    private static final int PACKETS_PER_FRAME = 4;
    /** Each one as large as a real video packet (docs/PROTOCOL.md §10.2: at most 1,200 bytes sealed). */
    private static final int MEDIA_PAYLOAD = 1_100;
    /** A keyframe every this many frames, as the camera's encoder's group of pictures. */
    private static final int KEYFRAME_INTERVAL = 60;
    /** An Opus packet's size at the camera's bitrate; its first byte says CELT, fullband, 20 ms, one frame. */
    private static final int SOUND_PAYLOAD = 80;

    private static final byte CELT_FULLBAND_20MS = (byte) (31 << 3);
    /** The player's jitter allowance: any will do here, packets arrive in order and on time. */
    private static final long JITTER_DELAY_MILLIS = 60;

    /**
     * What a warm-up carried: video frames the camera sent and the viewer rebuilt, sound packets the
     * camera sent, the viewer opened and the jitter buffer gave back as packets to decode.
     */
    public record Carried(int framesSent, int framesSeen, int soundSent, int soundSeen, int soundPlayed) {
        /** Whether everything sent arrived (false: a bug to report). */
        public boolean all() {
            return framesSent > 0 && framesSeen == framesSent && soundSeen == soundSent && soundPlayed > 0;
        }

        Carried plus(Carried other) {
            return new Carried(
                    framesSent + other.framesSent,
                    framesSeen + other.framesSeen,
                    soundSent + other.soundSent,
                    soundSeen + other.soundSeen,
                    soundPlayed + other.soundPlayed);
        }
    }

    private SessionWarmUp() {}

    /**
     * Connects, exchanges {@link #LOADING_SECONDS} of media and closes; returns whether the viewer
     * saw all of it (false: a bug to report). {@code clock} is what the handshakes read their
     * timestamps from (the system's, as a real connection's).
     */
    public static boolean run(SecureRandom random, InstantSource clock) {
        return run(random, clock, LOADING_SECONDS).all();
    }

    /**
     * {@link #COMPILING_STRETCHES} connections of {@link #COMPILING_SECONDS} each, each followed by
     * a rest as long as it took (at most half a core, so that a session that starts meanwhile is not
     * short of one, and C2 has time to compile what the stretch made hot); returns what they
     * carried in all. For a thread of its own: it blocks for a few seconds.
     */
    public static Carried runToCompile(SecureRandom random, InstantSource clock) {
        Carried all = new Carried(0, 0, 0, 0, 0);
        for (int stretch = 0; stretch < COMPILING_STRETCHES; stretch++) {
            long start = System.nanoTime();
            Carried carried = run(random, clock, COMPILING_SECONDS);
            all = all.plus(carried);
            if (!carried.all()) {
                return all;
            }
            long now = System.nanoTime();
            rest(now + (now - start));
        }
        return all;
    }

    /** Parks until {@code deadline} (System.nanoTime), however often the park returns early. */
    private static void rest(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Connects, exchanges {@code seconds} of simulated media and closes. */
    public static Carried run(SecureRandom random, InstantSource clock, int seconds) {
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
                new CameraStream(1280, 720, FRAMES_PER_SECOND),
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
        LiveStretch stretch = new LiveStretch(camera, viewer, random);
        while (!stretch.live && !stretch.failed && now < GIVE_UP_AFTER) {
            deliver(camera, CAMERA, viewer, VIEWER, now);
            stretch.drainEvents(now);
            long next = Math.min(camera.nextTimeout(), viewer.nextTimeout());
            now = Math.max(now + 1, Math.min(next, GIVE_UP_AFTER));
            camera.handleTimeout(now);
            viewer.handleTimeout(now);
        }
        if (stretch.live && !stretch.failed) {
            now = stretch.run(now, now + seconds * 1000L);
        }
        viewer.close(now);
        camera.close(now);
        return stretch.carried();
    }

    /** The live part of a warm-up connection: the media both ways in simulated time. Not thread-safe. */
    private static final class LiveStretch {
        private final CameraEndpoint camera;
        private final ViewerEndpoint viewer;
        private final AudioStreamSender sound;
        private final AudioJitterBuffer jitter = new AudioJitterBuffer(JITTER_DELAY_MILLIS);
        private final byte[] slice = new byte[MEDIA_PAYLOAD];
        private final byte[] opus = new byte[SOUND_PAYLOAD];
        private boolean live;
        private boolean failed;
        private int framesSent;
        private int framesSeen;
        private int soundSent;
        private int soundSeen;
        private int soundPlayed;
        private int videoSequence;

        LiveStretch(CameraEndpoint camera, ViewerEndpoint viewer, SecureRandom random) {
            this.camera = camera;
            this.viewer = viewer;
            this.sound = new AudioStreamSender(random.nextInt() & 0xffffffffL, random.nextInt(1 << 16));
            random.nextBytes(slice); // filler the ciphers cannot shortcut, as a real slice's entropy-coded bytes
            random.nextBytes(opus);
            opus[0] = CELT_FULLBAND_20MS;
        }

        /** Sends frames and sound from {@code start} until {@code end}; returns the simulated time it ended at. */
        long run(long start, long end) {
            long now = start;
            long nextFrame = start;
            long nextSound = start;
            while (!failed && now < end) {
                if (now >= nextFrame) {
                    sendFrame(now);
                    nextFrame = start + (long) framesSent * 1000 / FRAMES_PER_SECOND;
                }
                if (now >= nextSound) {
                    camera.sendAudio(sound.packet(opus, (long) soundSent * OpusRtp.FRAME_SAMPLES), now);
                    soundSent++;
                    if (sound.reportDue(now)) {
                        camera.sendAudioReport(sound.report(now, (long) soundSent * OpusRtp.FRAME_SAMPLES), now);
                    }
                    nextSound = start + (long) soundSent * OpusRtp.FRAME_MILLIS;
                }
                deliver(camera, CAMERA, viewer, VIEWER, now);
                drainEvents(now);
                long next = Math.min(
                        Math.min(nextFrame, nextSound),
                        Math.min(Math.min(camera.nextTimeout(), viewer.nextTimeout()), jitter.nextTimeout()));
                now = Math.max(now + 1, Math.min(next, end));
                camera.handleTimeout(now);
                viewer.handleTimeout(now);
            }
            deliver(camera, CAMERA, viewer, VIEWER, now);
            drainEvents(now);
            return now;
        }

        /** One frame of {@link #PACKETS_PER_FRAME} slices, a keyframe's or a predicted picture's. */
        private void sendFrame(long now) {
            slice[0] = (byte) (framesSent % KEYFRAME_INTERVAL == 0 ? 0x65 : 0x41); // IDR or non-IDR slice
            slice[1] = (byte) 0x88;
            long timestamp = framesSent * (90_000L / FRAMES_PER_SECOND);
            for (int packet = 0; packet < PACKETS_PER_FRAME; packet++) {
                RtpPacket rtp = new RtpPacket(
                        96, packet == PACKETS_PER_FRAME - 1, videoSequence++ & 0xFFFF, timestamp, 1, List.of(), slice);
                camera.sendMedia(RtpCodec.encode(rtp), now);
            }
            framesSent++;
        }

        void drainEvents(long now) {
            ViewerEvent event;
            while ((event = viewer.pollEvent()) != null) {
                switch (event) {
                    case ViewerEvent.Live path -> live = true;
                    case ViewerEvent.Video(DepacketizerEvent.AccessUnit frame) -> framesSeen++;
                    case ViewerEvent.Audio audio -> {
                        soundSeen++;
                        jitter.offer(audio.packet(), now);
                    }
                    case ViewerEvent.Failed failure -> failed = true;
                    default -> {}
                }
            }
            AudioJitterBuffer.Slot slot;
            while ((slot = jitter.poll(now)) != null) {
                if (slot instanceof AudioJitterBuffer.Packet) {
                    soundPlayed++;
                }
            }
            while (camera.pollEvent() != null) {} // admitted, live: nothing to act on
        }

        Carried carried() {
            return new Carried(framesSent, framesSeen, soundSent, soundSeen, soundPlayed);
        }
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
