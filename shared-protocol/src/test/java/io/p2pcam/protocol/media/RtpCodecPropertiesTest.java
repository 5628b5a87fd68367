package io.p2pcam.protocol.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class RtpCodecPropertiesTest {

    @Property
    void anyPacketSurvivesEncodeAndDecode(
            @ForAll @IntRange(max = 127) int payloadType,
            @ForAll boolean marker,
            @ForAll @IntRange(max = 0xFFFF) int sequenceNumber,
            @ForAll @LongRange(max = 0xFFFF_FFFFL) long timestamp,
            @ForAll @LongRange(max = 0xFFFF_FFFFL) long ssrc,
            @ForAll @Size(max = 15) List<@LongRange(max = 0xFFFF_FFFFL) Long> csrcs,
            @ForAll @Size(max = 1500) byte[] payload)
            throws MalformedRtpException {
        RtpPacket packet = new RtpPacket(payloadType, marker, sequenceNumber, timestamp, ssrc, csrcs, payload);

        assertThat(RtpCodec.decode(RtpCodec.encode(packet))).isEqualTo(packet);
    }

    /** Garbage never escapes as an unchecked exception: it decodes or is rejected with a reason. */
    @Property(tries = 5000)
    void arbitraryBytesDecodeOrFailWithAReason(@ForAll @Size(max = 80) byte[] datagram) {
        try {
            RtpPacket packet = RtpCodec.decode(datagram);
            assertThat(packet.encodedLength()).isLessThanOrEqualTo(datagram.length);
        } catch (MalformedRtpException expected) {
            assertThat(expected.reason()).isNotNull();
        }
    }

    /** Same, with the version bits forced to 2 so the checks past the first byte are exercised. */
    @Property(tries = 5000)
    void arbitraryVersion2BytesDecodeOrFailWithAReason(@ForAll @Size(min = 1, max = 80) byte[] datagram) {
        datagram[0] = (byte) (datagram[0] & 0x3F | 0x80);
        try {
            RtpCodec.decode(datagram);
        } catch (MalformedRtpException expected) {
            assertThat(expected.reason()).isNotEqualTo(MalformedRtpException.Reason.BAD_VERSION);
        }
    }
}
