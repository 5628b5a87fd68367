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
 * A small tile's info says which of the camera's streams it shows and why (§10.9, decision 0044),
 * through the real supervisor, connection and endpoint and the tile's view model: a camera on
 * loopback that lists no sub-stream gets the tile "main stream: the camera has no sub-stream"; one
 * that lists a sub-stream, "sub-stream".
 */
@Tag("realtime")
class StreamShownOnTileTest {
    /** The discard port: nobody answers, so the supervisor goes to the camera announced on the LAN. */
    private static final InetSocketAddress SILENT_CLOUD = new InetSocketAddress("127.0.0.1", 9);

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

    @Test
    void aSmallTileOfACameraWithoutASubStreamSaysItShowsTheMainStreamAndWhy() throws Exception {
        smallTileOf(new CameraStream(1280, 720, 30));

        String line = awaitStreamLine();

        assertThat(line).isEqualTo("main stream: the camera has no sub-stream");
        assertThat(tile.supervisor().connection().askedStream()).isEqualTo(VideoStream.MAIN);
    }

    @Test
    void aSmallTileOfACameraWithASubStreamSaysItShowsTheSubStream() throws Exception {
        smallTileOf(new CameraStream(1280, 720, 30, 640, 360));

        assertThat(awaitStreamLine()).isEqualTo("sub-stream");
    }

    private void smallTileOf(CameraStream streams) throws Exception {
        LoopbackCamera started = LoopbackCamera.start(SILENT_CLOUD, streams);
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
                new CameraEntry(identity.id(), "Porch", Password.of(LoopbackCamera.PASSWORD)),
                connector,
                Runnable::run);
        tile.supervisor().fitPicturesWithin(480, 270); // a 16-tile grid's tile: the sub-stream is chosen
        int[] next = {0, 1, 30_000}; // picture, main sequence number, sub sequence number
        scheduler.scheduleAtFixedRate(
                () -> camera.execute(c -> {
                    boolean keyframe = next[0]++ % 30 == 0;
                    next[1] = send(c, VideoStream.MAIN, 0x1111_1111L, next[1], keyframe, MAIN_SPS);
                    if (streams.subWidth() > 0) {
                        next[2] = send(c, VideoStream.SUB, 0x5555_5555L, next[2], keyframe, SUB_SPS);
                    }
                }),
                0,
                33,
                TimeUnit.MILLISECONDS);
    }

    /** One picture of {@code stream} (the camera sends it only to viewers on that stream). */
    private static int send(
            CameraEndpoint c, VideoStream stream, long ssrc, int sequence, boolean keyframe, byte[] sps) {
        long now = UdpEndpointRunner.now();
        long timestamp = sequence * 3000L;
        if (keyframe) {
            c.sendMedia(stream, RtpCodec.encode(new RtpPacket(96, false, sequence++, timestamp, ssrc, sps)), now);
        }
        byte[] slice = {(byte) (keyframe ? 0x65 : 0x41), 1};
        c.sendMedia(stream, RtpCodec.encode(new RtpPacket(96, true, sequence, timestamp, ssrc, slice)), now);
        return sequence + 1;
    }

    /** The tile's stream line once live and the tile sampled its figures (as its tick does each second). */
    private String awaitStreamLine() {
        Eventually.await("the tile's line on its stream", Duration.ofSeconds(20), () -> {
            tile.sample();
            return tile.statusProperty().get().state() == ConnectionState.LIVE
                    && !tile.statsProperty().get().stream().isEmpty();
        });
        return tile.statsProperty().get().stream();
    }
}
