package io.p2pcam.viewer.live;

import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.SpsBytes;
import io.p2pcam.runtime.UdpEndpointRunner;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.LanCameras;
import io.p2pcam.viewer.engine.connection.LoopbackCamera;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A tile of a camera endpoint on loopback, through the real supervisor, connection and endpoint and
 * the tile's view model, whose pictures the test makes up ({@link #everyPicture}). The cloud is the
 * discard port: nobody answers, so the supervisor goes to the camera announced on the LAN. The
 * tile's UI thread is the caller's.
 */
final class LoopbackTile implements AutoCloseable {
    private static final InetSocketAddress SILENT_CLOUD = new InetSocketAddress("127.0.0.1", 9);
    /** The SPS of a 1280x720 main stream and of a 640x360 sub-stream. */
    static final byte[] MAIN_SPS = SpsBytes.baseline(1280, 720);

    static final byte[] SUB_SPS = SpsBytes.baseline(640, 360);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private UdpEndpointRunner<CameraEndpoint> camera;
    private TileModel tile;

    /** The camera, with {@code streams}, and a tile watching it. */
    static LoopbackTile start(CameraStream streams) throws Exception {
        LoopbackTile started = new LoopbackTile();
        try {
            LoopbackCamera loopback = LoopbackCamera.start(SILENT_CLOUD, streams);
            started.camera = loopback.runner();
            CameraIdentity identity = loopback.identity();
            LanCameras lan = id -> id.equals(identity.id()) ? loopback.address() : null;
            Connector connector = (entry, listener) -> CameraSupervisor.start(
                    new ConnectionSettings(SILENT_CLOUD, entry.id(), entry.password(), "test", Duration.ofSeconds(20)),
                    List.of(),
                    lan,
                    started.scheduler,
                    RetryPolicy.DEFAULT,
                    listener);
            started.tile = new TileModel(
                    new CameraEntry(identity.id(), "Front door", Password.of(LoopbackCamera.PASSWORD)),
                    connector,
                    Runnable::run);
            return started;
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    TileModel tile() {
        return tile;
    }

    /** Runs {@code picture} on the camera's network thread 30 times a second. */
    void everyPicture(Consumer<CameraEndpoint> picture) {
        scheduler.scheduleAtFixedRate(() -> camera.execute(picture), 0, 33, TimeUnit.MILLISECONDS);
    }

    /**
     * One picture of {@code stream} from sequence number {@code sequence}, an SPS in front of a
     * keyframe; {@code lost}: its sequence number is used but nothing is sent (nor kept for NACKs).
     *
     * @return the next sequence number
     */
    static int send(
            CameraEndpoint c, VideoStream stream, long ssrc, int sequence, boolean keyframe, byte[] sps, boolean lost) {
        long now = UdpEndpointRunner.now();
        long timestamp = sequence * 3000L;
        if (keyframe) {
            c.sendMedia(stream, RtpCodec.encode(new RtpPacket(96, false, sequence++, timestamp, ssrc, sps)), now);
        }
        byte[] slice = {(byte) (keyframe ? 0x65 : 0x41), 1};
        if (!lost || keyframe) {
            c.sendMedia(stream, RtpCodec.encode(new RtpPacket(96, true, sequence, timestamp, ssrc, slice)), now);
        }
        return sequence + 1;
    }

    @Override
    public void close() {
        if (tile != null) {
            tile.close();
        }
        scheduler.shutdownNow();
        if (camera != null) {
            camera.close();
        }
    }
}
