package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
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
    private static final long MAIN_SSRC = 0x1111_1111L;
    private static final long SUB_SSRC = 0x5555_5555L;

    @AutoClose
    private LoopbackTile loopback;

    /** Both streams at 30 pictures a second, a keyframe (SPS, IDR) a second; the main stream broken. */
    private void streamPictures() {
        int[] next = {0, 1, 30_000}; // picture, main sequence number, sub sequence number
        loopback.everyPicture(c -> {
            int picture = next[0]++;
            boolean keyframe = picture % 30 == 0;
            next[1] = LoopbackTile.send(
                    c, VideoStream.MAIN, MAIN_SSRC, next[1], keyframe, LoopbackTile.MAIN_SPS, picture % 3 == 2);
            next[2] = LoopbackTile.send(c, VideoStream.SUB, SUB_SSRC, next[2], keyframe, LoopbackTile.SUB_SPS, false);
        });
    }

    @Test
    void aMainStreamThatKeepsBreakingPutsTheSubStreamNoticeOnTheTile() throws Exception {
        loopback = LoopbackTile.start(new CameraStream(1280, 720, 30, 640, 360));
        TileModel tile = loopback.tile();
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
        assertThat(StreamShown.describe(
                        tile.supervisor().connection().tileStream(),
                        tile.supervisor().connection().askedStream(),
                        tile.supervisor().connection().listedStreams(),
                        status.onSubStream()))
                .as("the tile's info names the stream with the notice")
                .isEqualTo("sub-stream: the path drops the main stream");
    }
}
