package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.protocol.testing.SpsBytes;
import io.p2pcam.runtime.UdpEndpointRunner;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import io.p2pcam.viewer.engine.connection.LanCameras;
import io.p2pcam.viewer.engine.connection.LoopbackCamera;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * From the engine's fallback to the sub-stream to the words on the tile (decision 0042), through
 * the real supervisor, connection and endpoint, and the tile's view model: a camera on loopback
 * whose main stream breaks (a predicted picture in three never sent, so no NACK can mend it) makes
 * the viewer of a large tile ask for the sub-stream; once it arrives the tile says so.
 */
@Tag("realtime")
class StreamFallbackNoticeTest {
    /** The discard port: nobody answers, so the supervisor goes to the camera announced on the LAN. */
    private static final InetSocketAddress SILENT_CLOUD = new InetSocketAddress("127.0.0.1", 9);

    private static final long MAIN_SSRC = 0x1111_1111L;
    private static final long SUB_SSRC = 0x5555_5555L;
    private static final byte[] MAIN_SPS = SpsBytes.baseline(1280, 720);
    private static final byte[] SUB_SPS = SpsBytes.baseline(640, 360);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private UdpEndpointRunner<CameraEndpoint> camera;
    private TileModel tile;

    @AfterEach
    void stop() {
        if (tile != null) {
            tile.close();
        }
        scheduler.shutdownNow();
        if (camera != null) {
            camera.close();
        }
    }

    /** Both streams at 30 pictures a second, a keyframe (SPS, IDR) a second; the main stream broken. */
    private void streamPictures() {
        int[] next = {0, 1, 30_000}; // picture, main sequence number, sub sequence number
        scheduler.scheduleAtFixedRate(
                () -> camera.execute(c -> {
                    int picture = next[0]++;
                    boolean keyframe = picture % 30 == 0;
                    next[1] = send(c, VideoStream.MAIN, MAIN_SSRC, next[1], keyframe, MAIN_SPS, picture % 3 == 2);
                    next[2] = send(c, VideoStream.SUB, SUB_SSRC, next[2], keyframe, SUB_SPS, false);
                }),
                0,
                33,
                TimeUnit.MILLISECONDS);
    }

    /** One picture; {@code lost}: its sequence number is used but nothing is sent (nor kept for NACKs). */
    private static int send(
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

    @Test
    void aMainStreamThatKeepsBreakingPutsTheSubStreamNoticeOnTheTile() throws Exception {
        LoopbackCamera started = LoopbackCamera.start(SILENT_CLOUD, new CameraStream(1280, 720, 30, 640, 360));
        camera = started.runner();
        CameraIdentity identity = started.identity();
        LanCameras lan = id -> id.equals(identity.id()) ? started.address() : null;
        Connector connector = (entry, listener) -> CameraSupervisor.start(
                new ConnectionSettings(SILENT_CLOUD, entry.id(), entry.password(), "test", Duration.ofSeconds(20)),
                List.of(),
                lan,
                scheduler,
                RetryPolicy.DEFAULT,
                listener);
        tile = new TileModel(
                new CameraEntry(identity.id(), "Front door", Password.of(LoopbackCamera.PASSWORD)),
                connector,
                Runnable::run);
        tile.supervisor().fitPicturesWithin(1920, 1080); // a large tile: the main stream is chosen
        streamPictures();

        Eventually.await(
                "the tile's notice of the sub-stream",
                Duration.ofSeconds(30),
                () -> tile.statusProperty().get().onSubStream());

        ConnectionStatus status = tile.statusProperty().get();
        long now = System.currentTimeMillis();
        assertThat(status.state()).isEqualTo(ConnectionState.LIVE);
        assertThat(StatusText.headline(status)).isEqualTo("Live via LAN (no cloud)");
        assertThat(StatusText.fallback(status, now))
                .matches("SD: the path drops the full stream \\(trying again in (2\\d|30) s\\)");
    }
}
