package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.media.codec.SoundBand;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PlainRtpOutputSdpTest {
    private static final InetSocketAddress TARGET = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5004);
    private static final VideoFormat FORMAT = new VideoFormat(320, 240, 30);

    @Test
    void soundHasInBandFecAndNoDtxForAPacketGoesOutEvery20Ms() {
        String sdp = PlainRtpOutput.sdp(TARGET, FORMAT, PlainRtpOutput.Sound.of(SoundBand.FULL));

        assertThat(sdp)
                .contains("m=audio 5006 RTP/AVP 111\r\n", "a=fmtp:111 useinbandfec=1\r\n", "a=ptime:20\r\n")
                .doesNotContain("usedtx");
    }

    @Test
    void widebandSoundSaysItsCaptureRate() {
        String sdp = PlainRtpOutput.sdp(TARGET, FORMAT, PlainRtpOutput.Sound.of(SoundBand.WIDE));

        assertThat(sdp).contains("a=fmtp:111 useinbandfec=1;sprop-maxcapturerate=16000\r\n");
    }

    @Test
    void videoAloneHasNoAudioSection() {
        assertThat(PlainRtpOutput.sdp(TARGET, FORMAT, PlainRtpOutput.Sound.of(null)))
                .doesNotContain("m=audio")
                .isEqualTo(PlainRtpOutput.sdp(TARGET, FORMAT));
    }
}
