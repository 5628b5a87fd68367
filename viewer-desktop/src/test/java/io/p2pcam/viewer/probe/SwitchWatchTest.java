package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.AnnouncedStreams;
import io.p2pcam.protocol.media.PictureSize;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** probe --switch-to's timing of a switch (docs/PROTOCOL.md §10.9): which decoded picture is the new stream's first. */
class SwitchWatchTest {
    private static final AnnouncedStreams MAIN_AND_SUB = new AnnouncedStreams(true, new PictureSize(640, 360));

    private static VideoFrame picture(int width, int height) {
        VideoFrame frame = new VideoFrame();
        frame.resize(width, height);
        return frame;
    }

    private static Map<String, Object> line(SwitchWatch watch) {
        Map<String, Object> line = new LinkedHashMap<>();
        watch.put(line, 0);
        return line;
    }

    @Test
    void ofACameraThatListedItsStreamsOnlyAPictureOfTheStreamAskedForIsTheSwitch() throws Exception {
        SwitchWatch watch = new SwitchWatch(1280, 720, MAIN_AND_SUB, VideoStream.SUB, 1_000_000);

        watch.picture(picture(960, 540), 3_000_000); // the main stream reopened smaller meanwhile
        assertThat(watch.await(0)).as("not the sub-stream asked for").isFalse();
        watch.picture(picture(640, 360), 5_000_000);

        assertThat(watch.await(0)).isTrue();
        assertThat(line(watch)).containsEntry("switchMs", 4.0).containsEntry("switchWidth", 640);
    }

    @Test
    void ofACameraThatListedNothingAnyOtherSizeIsTheSwitchAsBefore() throws Exception {
        SwitchWatch watch = new SwitchWatch(1280, 720, AnnouncedStreams.NOT_LISTED, VideoStream.SUB, 1_000_000);

        watch.picture(picture(1280, 720), 2_000_000);
        assertThat(watch.await(0)).isFalse();
        watch.picture(picture(960, 540), 3_000_000);

        assertThat(watch.await(0)).isTrue();
        assertThat(line(watch)).containsEntry("switchMs", 2.0).containsEntry("switchWidth", 960);
    }
}
