package io.p2pcam.protocol.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.media.DepacketizerConfig;
import io.p2pcam.protocol.media.H264Depacketizer;
import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.rtcp.MalformedRtcpException;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.session.SessionException;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;

/**
 * Every decoder of untrusted bytes, fuzzed: it returns a value or throws its own checked
 * "malformed" exception, never anything else (an unchecked exception here is what once stopped a
 * camera's loop, issue 12). Ordinary test runs replay the seeds under
 * src/test/resources/io/p2pcam/protocol/fuzz/DecoderFuzzTestInputs; {@code JAZZER_FUZZ=1} fuzzes
 * (README, "Developers").
 */
class DecoderFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void cloudCodec(byte[] datagram) {
        try {
            CloudCodec.decode(datagram);
        } catch (CloudDecodeException expected) {
            // garbage is dropped and counted by the caller
        }
    }

    @FuzzTest(maxDuration = "10s")
    void viewerHello(byte[] payload) {
        try {
            ViewerHello.decode(payload);
        } catch (SessionException expected) {
            // the camera refuses the connect
        }
    }

    @FuzzTest(maxDuration = "10s")
    void cameraWelcome(byte[] payload) {
        try {
            CameraWelcome.decode(payload);
        } catch (SessionException expected) {
            // the viewer fails with HANDSHAKE_FAILED
        }
    }

    @FuzzTest(maxDuration = "10s")
    void rtp(byte[] datagram) {
        try {
            RtpCodec.decode(datagram);
        } catch (MalformedRtpException expected) {
            // one lost packet
        }
    }

    @FuzzTest(maxDuration = "10s")
    void rtcp(byte[] datagram) {
        try {
            RtcpCodec.decode(datagram);
        } catch (MalformedRtcpException expected) {
            // counted as dropped feedback
        }
    }

    /** A run of RTP packets ({@link FuzzRecords}, one packet each) through the depacketizer, events drained. */
    @FuzzTest(maxDuration = "10s")
    void depacketizer(byte[] input) {
        H264Depacketizer depacketizer = new H264Depacketizer(new DepacketizerConfig(4, 1 << 16));
        FuzzRecords records = new FuzzRecords(input);
        FuzzRecords.Entry entry;
        while ((entry = records.next()) != null) {
            try {
                depacketizer.receive(RtpCodec.decode(entry.bytes()));
            } catch (MalformedRtpException expected) {
                continue;
            }
            while (depacketizer.pollEvent().isPresent()) {
                // drained
            }
        }
        depacketizer.flush();
        while (depacketizer.pollEvent().isPresent()) {
            // drained
        }
    }
}
