package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
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

    @AutoClose
    private LoopbackTile loopback;

    @Test
    void aSmallTileOfACameraWithoutASubStreamSaysItShowsTheMainStreamAndWhy() throws Exception {
        smallTileOf(new CameraStream(1280, 720, 30));

        String line = awaitStreamLine();

        assertThat(line).isEqualTo("main stream: the camera has no sub-stream");
        assertThat(loopback.tile().supervisor().connection().askedStream()).isEqualTo(VideoStream.MAIN);
    }

    @Test
    void aSmallTileOfACameraWithASubStreamSaysItShowsTheSubStream() throws Exception {
        smallTileOf(new CameraStream(1280, 720, 30, 640, 360));

        assertThat(awaitStreamLine()).isEqualTo("sub-stream");
    }

    /** A 16-tile grid's tile (the sub-stream is chosen) of a camera sending each stream it has. */
    private void smallTileOf(CameraStream streams) throws Exception {
        loopback = LoopbackTile.start(streams);
        loopback.tile().supervisor().fitPicturesWithin(480, 270);
        int[] next = {0, 1, 30_000}; // picture, main sequence number, sub sequence number
        loopback.everyPicture(c -> {
            boolean keyframe = next[0]++ % 30 == 0;
            next[1] = LoopbackTile.send(
                    c, VideoStream.MAIN, 0x1111_1111L, next[1], keyframe, LoopbackTile.MAIN_SPS, false);
            if (streams.subWidth() > 0) {
                next[2] = LoopbackTile.send(
                        c, VideoStream.SUB, 0x5555_5555L, next[2], keyframe, LoopbackTile.SUB_SPS, false);
            }
        });
    }

    /** The tile's stream line once live and the tile sampled its figures (as its tick does each second). */
    private String awaitStreamLine() {
        TileModel tile = loopback.tile();
        Eventually.await("the tile's line on its stream", Duration.ofSeconds(20), () -> {
            tile.sample();
            return tile.statusProperty().get().state() == ConnectionState.LIVE
                    && !tile.statsProperty().get().stream().isEmpty();
        });
        return tile.statsProperty().get().stream();
    }
}
