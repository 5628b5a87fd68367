package io.p2pcam.protocol.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Where a viewer may start the stream: the first packet of an access unit that opens a keyframe. */
class KeyframeJoinTest {
    private final KeyframeJoin join = new KeyframeJoin();

    private static OutgoingRtp rtp(boolean marker, int... payload) {
        byte[] bytes = new byte[payload.length];
        for (int i = 0; i < payload.length; i++) {
            bytes[i] = (byte) payload[i];
        }
        return OutgoingRtp.of(new RtpPacket(96, marker, 1, 0, 7, bytes));
    }

    @Test
    void aSpsOrIdrSingleNalAtTheStartOfAnAccessUnitIsAJoinPoint() {
        assertThat(join.opensKeyframe(rtp(true, 0x67, 0x42))).isTrue();
        assertThat(join.opensKeyframe(rtp(true, 0x65, 0x88))).isTrue();
        assertThat(join.opensKeyframe(rtp(true, 0x68, 0xce))).isTrue();
    }

    @Test
    void aPredictedPictureIsNot() {
        assertThat(join.opensKeyframe(rtp(true, 0x41, 0x9a))).isFalse();
    }

    @Test
    void anAggregationPacketCountsByItsFirstUnit() {
        assertThat(join.opensKeyframe(rtp(false, 0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xce)))
                .isTrue();
        assertThat(join.opensKeyframe(rtp(true, 0x78, 0x00, 0x02, 0x41, 0x9a))).isFalse();
    }

    @Test
    void aFragmentedIdrOpensAKeyframeOnlyAtItsStartFragment() {
        assertThat(join.opensKeyframe(rtp(false, 0x7c, 0x85, 0x88))).isTrue();
        assertThat(join.opensKeyframe(rtp(false, 0x7c, 0x05, 0x88))).isFalse();
        assertThat(join.opensKeyframe(rtp(true, 0x7c, 0x45, 0x88))).isFalse();
    }

    @Test
    void nothingInsideAnAccessUnitIsAJoinPointEvenAnIdrSlice() {
        assertThat(join.opensKeyframe(rtp(false, 0x41, 0x9a))).isFalse();
        assertThat(join.opensKeyframe(rtp(true, 0x65, 0x88))).isFalse(); // second slice of that picture
        assertThat(join.opensKeyframe(rtp(true, 0x65, 0x88))).isTrue(); // the next picture
    }
}
