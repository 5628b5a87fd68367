package io.p2pcam.viewer.engine.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.DepacketizerEvent.AccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.DropReason;
import io.p2pcam.protocol.media.DepacketizerEvent.DroppedPacket;
import io.p2pcam.protocol.media.DepacketizerEvent.IncompleteAccessUnit;
import io.p2pcam.protocol.media.DepacketizerEvent.LossReason;
import io.p2pcam.viewer.engine.frame.LatestFrameMailbox;
import io.p2pcam.viewer.engine.frame.VideoFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FramePipelineTest {

    private static final int GOP = H264TestEncoder.GOP;

    private final List<AccessUnit> stream = TestStreams.small();
    private final List<KeyframeCause> keyframeRequests = new ArrayList<>();
    private final LatestFrameMailbox mailbox = new LatestFrameMailbox();
    private final FramePipeline pipeline = FramePipeline.create(mailbox, keyframeRequests::add);
    /** Per access unit index, whether the consumer saw its picture right after it was fed. */
    private final boolean[] shown = new boolean[TestStreams.FRAMES];

    @AfterEach
    void close() {
        pipeline.close();
    }

    @Test
    void anIntactStreamShowsEveryPictureAsSoonAsItsAccessUnitArrives() {
        for (int n = 0; n < stream.size(); n++) {
            feed(n);
        }

        assertThat(shown).doesNotContain(false);
        assertThat(keyframeRequests).isEmpty();
        PipelineStats stats = pipeline.stats();
        assertThat(stats.accessUnits()).isEqualTo(TestStreams.FRAMES);
        assertThat(stats.framesDecoded()).isEqualTo(TestStreams.FRAMES);
        assertThat(stats.framesDropped()).isZero();
        assertThat(stats.accessUnitsSkipped()).isZero();
        assertThat(stats.decodeNanos()).isPositive();
    }

    @Test
    void aLostAccessUnitMidGopWithholdsPicturesUntilTheNextKeyframe() {
        for (int n = 0; n < stream.size(); n++) {
            if (n == 10) {
                pipeline.accept(new IncompleteAccessUnit(stream.get(n).timestamp(), LossReason.SEQUENCE_GAP));
                assertThat(pipeline.awaitingKeyframe()).isTrue();
            } else {
                feed(n);
            }
        }

        assertThat(keyframeRequests).containsExactly(KeyframeCause.INCOMPLETE_ACCESS_UNIT);
        assertThat(shownRange(0, 10)).doesNotContain(false);
        assertThat(shownRange(10, GOP)).doesNotContain(true);
        assertThat(shownRange(GOP, TestStreams.FRAMES)).doesNotContain(false);
        PipelineStats stats = pipeline.stats();
        assertThat(stats.incompleteAccessUnits()).isEqualTo(1);
        assertThat(stats.accessUnitsSkipped()).isEqualTo(GOP - 11);
        assertThat(stats.framesDecoded()).isEqualTo(TestStreams.FRAMES - (GOP - 10));
        assertThat(pipeline.awaitingKeyframe()).isFalse();
    }

    @Test
    void garbageInAnAccessUnitWithholdsPicturesUntilTheNextKeyframe() {
        for (int n = 0; n < 5; n++) {
            feed(n);
        }
        byte[] garbage = Arrays.copyOf(stream.get(5).annexB(), stream.get(5).annexB().length);
        for (int i = 6; i < garbage.length; i += 3) {
            garbage[i] = (byte) (garbage[i] * 31 + 7);
        }
        pipeline.accept(new AccessUnit(stream.get(5).timestamp(), false, garbage));
        assertThat(mailbox.takeLatest()).isNull();
        for (int n = 6; n < stream.size(); n++) {
            feed(n);
        }

        assertThat(keyframeRequests).containsExactly(KeyframeCause.DECODE_ERROR);
        assertThat(pipeline.stats().decodeErrors()).isEqualTo(1);
        assertThat(shownRange(6, GOP)).doesNotContain(true);
        assertThat(shownRange(GOP, TestStreams.FRAMES)).doesNotContain(false);
    }

    @Test
    void aStreamJoinedMidGopAsksForAKeyframeOnceAndStartsThere() {
        for (int n = 3; n < 2 * GOP; n++) {
            feed(n);
        }

        assertThat(keyframeRequests).containsExactly(KeyframeCause.STREAM_START);
        assertThat(shownRange(3, GOP)).doesNotContain(true);
        assertThat(shownRange(GOP, 2 * GOP)).doesNotContain(false);
        assertThat(pipeline.stats().keyframeRequests()).isEqualTo(1);
    }

    @Test
    void droppedDuplicatePacketsChangeNothing() {
        feed(0);
        pipeline.accept(new DroppedPacket(7, DropReason.DUPLICATE));
        feed(1);

        assertThat(shownRange(0, 2)).doesNotContain(false);
        assertThat(keyframeRequests).isEmpty();
    }

    @Test
    void aSlowConsumerGetsOnlyTheNewestPicture() {
        for (int n = 0; n < 10; n++) {
            pipeline.accept(stream.get(n));
        }

        VideoFrame newest = mailbox.takeLatest();
        assertThat(newest.sequence()).isEqualTo(10);
        assertThat(newest.timestamp()).isEqualTo(stream.get(9).timestamp());
        PictureAssertions.assertPictureShows(newest, 9);
        assertThat(pipeline.stats().framesDropped()).isEqualTo(9);
        assertThat(mailbox.takeLatest()).isNull();
    }

    @Test
    void aWarmUpKeyframeIsDecodedButNeitherShownNorCountedNorAskedFor() {
        assertThat(pipeline.warmUp(DecoderWarmUp.keyframe())).isTrue();

        assertThat(mailbox.takeLatest()).isNull();
        assertThat(mailbox.publishedCount()).isZero();
        assertThat(keyframeRequests).isEmpty();
        assertThat(pipeline.stats()).isEqualTo(new PipelineStats(0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(pipeline.awaitingKeyframe()).isTrue();
    }

    @Test
    void afterAWarmUpTheStreamStillStartsAtItsOwnKeyframe() {
        pipeline.warmUp(DecoderWarmUp.keyframe());

        for (int n = 2; n < 2 * GOP; n++) { // joined mid-GOP: the warm-up picture is no reference
            feed(n);
        }

        assertThat(keyframeRequests).containsExactly(KeyframeCause.STREAM_START);
        assertThat(shownRange(2, GOP)).doesNotContain(true);
        assertThat(shownRange(GOP, 2 * GOP)).doesNotContain(false);
        assertThat(pipeline.stats().framesDecoded()).isEqualTo(GOP);
    }

    @Test
    void aWarmUpThatDoesNotDecodeLeavesThePipelineAsNew() {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0x5a);

        assertThat(pipeline.warmUp(garbage)).isFalse();
        for (int n = 0; n < GOP; n++) {
            feed(n);
        }

        assertThat(shownRange(0, GOP)).doesNotContain(false);
        assertThat(keyframeRequests).isEmpty();
        assertThat(pipeline.stats().decodeErrors()).isZero();
    }

    /** Feeds access unit {@code n} and lets the consumer look right away. */
    private void feed(int n) {
        pipeline.accept(stream.get(n));
        VideoFrame picture = mailbox.takeLatest();
        if (picture != null) {
            assertThat(picture.timestamp()).isEqualTo(stream.get(n).timestamp());
            PictureAssertions.assertPictureShows(picture, n);
            shown[n] = true;
        }
    }

    private List<Boolean> shownRange(int from, int to) {
        List<Boolean> range = new ArrayList<>();
        for (int n = from; n < to; n++) {
            range.add(shown[n]);
        }
        return range;
    }
}
