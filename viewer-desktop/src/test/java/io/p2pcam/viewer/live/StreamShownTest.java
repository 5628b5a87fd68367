package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.AnnouncedStreams;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.session.VideoStream;
import org.junit.jupiter.api.Test;

/** The tile's line on which stream it shows and why, for each way a tile comes to its stream (§10.9). */
class StreamShownTest {
    private static final AnnouncedStreams MAIN_AND_SUB = new AnnouncedStreams(true, new PictureSize(640, 360));
    private static final AnnouncedStreams MAIN_ONLY = new AnnouncedStreams(true, PictureSize.UNKNOWN);

    @Test
    void aSmallTileOfACameraWithASubStreamShowsIt() {
        assertThat(StreamShown.describe(VideoStream.SUB, VideoStream.SUB, MAIN_AND_SUB, false))
                .isEqualTo("sub-stream");
    }

    @Test
    void aSmallTileOfACameraWithoutASubStreamSaysWhyItShowsTheMainStream() {
        // The endpoint asks for the main stream in place of a sub-stream the camera did not list.
        assertThat(StreamShown.describe(VideoStream.SUB, VideoStream.MAIN, MAIN_ONLY, false))
                .isEqualTo("main stream: the camera has no sub-stream");
    }

    @Test
    void aLargeTileShowsTheMainStreamWithNoReasonGiven() {
        assertThat(StreamShown.describe(VideoStream.MAIN, VideoStream.MAIN, MAIN_AND_SUB, false))
                .isEqualTo("main stream");
        assertThat(StreamShown.describe(VideoStream.MAIN, VideoStream.MAIN, MAIN_ONLY, false))
                .isEqualTo("main stream");
    }

    @Test
    void aLargeTileFallingBackSaysSoUntilTheSubStreamComesThenNamesIt() {
        assertThat(StreamShown.describe(VideoStream.MAIN, VideoStream.SUB, MAIN_AND_SUB, false))
                .isEqualTo("main stream: falling back to the sub-stream (the path drops the main stream)");
        assertThat(StreamShown.describe(VideoStream.MAIN, VideoStream.SUB, MAIN_AND_SUB, true))
                .isEqualTo("sub-stream: the path drops the main stream");
    }

    @Test
    void aCameraThatListsNothingIsAskedWithoutAClaimThatItAnswers() {
        assertThat(StreamShown.describe(VideoStream.SUB, VideoStream.SUB, AnnouncedStreams.NOT_LISTED, false))
                .isEqualTo("sub-stream asked for (the camera does not list its streams)");
    }

    @Test
    void nothingIsSaidBeforeTheTileChose() {
        assertThat(StreamShown.describe(null, null, MAIN_AND_SUB, false)).isEmpty();
        assertThat(StreamShown.describe(VideoStream.SUB, null, MAIN_AND_SUB, false))
                .isEmpty();
    }
}
