package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.session.VideoStream;
import org.junit.jupiter.api.Test;

class StreamChoiceTest {
    @Test
    void gridTilesOfSixteenAndNineCamerasTakeTheSubStream() {
        assertThat(StreamChoice.forTile(480, 270)).isEqualTo(VideoStream.SUB);
        assertThat(StreamChoice.forTile(640, 360)).isEqualTo(VideoStream.SUB);
        assertThat(StreamChoice.forTile(800, 450)).isEqualTo(VideoStream.SUB);
    }

    @Test
    void aFourTileGridTheSingleViewAndAnUnknownSizeTakeTheMainStream() {
        assertThat(StreamChoice.forTile(828, 466)).isEqualTo(VideoStream.MAIN);
        assertThat(StreamChoice.forTile(1658, 933)).isEqualTo(VideoStream.MAIN);
        assertThat(StreamChoice.forTile(0, 0)).isEqualTo(VideoStream.MAIN);
    }

    @Test
    void aTallNarrowTileIsJudgedByBothSides() {
        assertThat(StreamChoice.forTile(400, 600)).isEqualTo(VideoStream.MAIN);
    }
}
