package io.p2pcam.system;

import io.p2pcam.camera.live.LiveCamera;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.server.CloudServer;
import io.p2pcam.cloud.server.CloudServerSettings;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.testing.Eventually;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A cloud on loopback and {@code count} emulated cameras, each with its own identity, all fed by
 * one synthetic source and one H.264 encoder (so that many cameras cost one encoder's CPU).
 */
public final class CameraRig implements AutoCloseable {
    /**
     * Every probe and app here is a new viewer (a fresh key) from 127.0.0.1, many within seconds:
     * the camera's budget for strangers (4 at once, then one per 5 s per address) would refuse them.
     */
    private static final UnpairedBudget.Limits TEST_VIEWERS =
            new UnpairedBudget.Limits(1_000, 1, 1_000, 1, 1_000, 1, 4096);

    private final CloudServer cloud;
    private final List<CameraIdentity> identities = new ArrayList<>();
    private final List<LiveCamera> cameras = new ArrayList<>();
    private final BlockingQueue<CameraEvent> events = new LinkedBlockingQueue<>();

    private CameraRig(CloudServer cloud) {
        this.cloud = cloud;
    }

    public static CameraRig start(int count, VideoFormat format, String password, int maxViewers) throws Exception {
        return start(count, format, null, password, maxViewers);
    }

    /** Cameras with a sub-stream of {@code subFormat} too (null: none), all from one capture and loop. */
    public static CameraRig start(int count, VideoFormat format, VideoFormat subFormat, String password, int maxViewers)
            throws Exception {
        return start(CloudServerSettings.loopbackEphemeral(), count, format, subFormat, password, maxViewers);
    }

    /** The same, on a cloud started with {@code settings} (for example with its relay on). */
    public static CameraRig start(
            CloudServerSettings settings,
            int count,
            VideoFormat format,
            VideoFormat subFormat,
            String password,
            int maxViewers)
            throws Exception {
        CameraRig rig = new CameraRig(CloudServer.start(settings));
        try {
            EncoderLoop encoder = new EncoderLoop(
                    new SyntheticSource(format.width(), format.height(), format.fps(), Clock.systemUTC()),
                    new H264Encoder(EncoderSettings.of(format, EncoderSettings.defaultBitrate(format))),
                    subFormat == null
                            ? null
                            : EncoderSettings.of(subFormat, EncoderSettings.defaultBitrate(subFormat)));
            SecureRandom random = new SecureRandom();
            for (int i = 0; i < count; i++) {
                CameraIdentity identity = CameraIdentity.generate(random);
                rig.identities.add(identity);
                rig.cameras.add(LiveCamera.start(
                        new LiveCamera.Settings(
                                identity,
                                rig.cloud.udpAddress(),
                                Password.of(password),
                                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                                maxViewers,
                                null,
                                TEST_VIEWERS),
                        format,
                        encoder,
                        rig.events::add));
            }
            rig.awaitRegistrations(count);
            return rig;
        } catch (Exception | Error e) {
            rig.close();
            throw e;
        }
    }

    private void awaitRegistrations(int count) throws InterruptedException {
        Duration timeout = Duration.ofSeconds(10 + count);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int registered = 0; registered < count; registered++) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Eventually.next(
                    (registered + 1) + " of " + count + " cameras registered",
                    left,
                    events,
                    CameraEvent.Registered.class::isInstance);
        }
    }

    CloudServer cloud() {
        return cloud;
    }

    public String cloudAddress() {
        return "127.0.0.1:" + cloud.udpAddress().getPort();
    }

    CameraIdentity identity(int index) {
        return identities.get(index);
    }

    public List<CameraId> ids() {
        return identities.stream().map(CameraIdentity::id).toList();
    }

    /** What the cameras report (registrations, viewers admitted or refused). */
    BlockingQueue<CameraEvent> events() {
        return events;
    }

    @Override
    public void close() {
        for (LiveCamera camera : cameras) {
            camera.close();
        }
        cloud.close();
    }
}
