package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

class MediaIntakeTest {
    private static final long NOW = 1_000;
    private static final int VIDEO_PAYLOAD_TYPE = 96;

    private final ArrayDeque<ViewerEvent> events = new ArrayDeque<>();
    private final MediaIntake media = new MediaIntake(0x1234, events, NOW);

    @Test
    void anOpusPacketGoesToTheApplicationAsItCame() {
        RtpPacket sound = new RtpPacket(OpusRtp.PAYLOAD_TYPE, true, 7, 960, 0xCAFE, new byte[] {1, 2, 3});

        media.media(RtpCodec.encode(sound), false, NOW);

        assertThat(events).singleElement().isInstanceOfSatisfying(ViewerEvent.Audio.class, audio -> {
            assertThat(audio.packet().sequenceNumber()).isEqualTo(7);
            assertThat(audio.packet().payload()).containsExactly(1, 2, 3);
        });
        assertThat(media.dropped()).isZero();
    }

    @Test
    void aVideoPacketGoesToTheReceivePipelineNotToTheApplication() {
        RtpPacket video = new RtpPacket(VIDEO_PAYLOAD_TYPE, false, 1, 90_000, 0xBEEF, new byte[] {0x61, 0x00});

        media.media(RtpCodec.encode(video), false, NOW);

        assertThat(events).noneMatch(ViewerEvent.Audio.class::isInstance);
        assertThat(media.progress().packets()).isEqualTo(1);
        assertThat(media.dropped()).isZero();
    }

    @Test
    void mediaAndFeedbackThatDoNotParseAreCountedAndDropped() {
        media.media(new byte[] {0x00, 0x01}, false, NOW);
        media.media(new byte[] {(byte) 0x80}, true, NOW);
        media.feedback(new byte[] {0x00}, NOW);

        assertThat(media.dropped()).isEqualTo(3);
        assertThat(events).isEmpty();
    }
}
