package io.p2pcam.protocol.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.protocol.media.DepacketizerConfig;
import io.p2pcam.protocol.media.H264Depacketizer;
import io.p2pcam.protocol.media.MalformedRtpException;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.rtcp.MalformedRtcpException;
import io.p2pcam.protocol.rtcp.RtcpCodec;
import io.p2pcam.protocol.rtcp.RtcpPacket;
import io.p2pcam.protocol.session.SessionException;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every decoder of untrusted bytes, fuzzed: it returns a value or throws its own checked
 * "malformed" exception, never anything else (an unchecked exception here is what once stopped a
 * camera's loop, issue 12), and what decodes encodes back to the same value. Ordinary test runs replay the seeds under
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

    /**
     * RTCP feedback from anyone: what decodes, re-encoded (less the packets of types we skip, which
     * are never sent), decodes to the same packets; the NACK's PID/BLP pairs, the TALK holder's
     * UTF-8 and the 24-bit cumulative loss included.
     */
    @FuzzTest(maxDuration = "10s")
    void rtcpRoundTrip(byte[] datagram) throws MalformedRtcpException {
        List<RtcpPacket> packets;
        try {
            packets = RtcpCodec.decode(datagram);
        } catch (MalformedRtcpException expected) {
            return;
        }
        List<RtcpPacket> known =
                packets.stream().filter(p -> !(p instanceof RtcpPacket.Unknown)).toList();
        if (known.isEmpty()) {
            return; // nothing to send back: an empty compound packet is no RTCP
        }
        List<RtcpPacket> again = RtcpCodec.decode(RtcpCodec.encode(known));
        if (!again.equals(known)) {
            throw new IllegalStateException("decoded " + known + ", re-encoded and decoded " + again);
        }
    }

    /**
     * A DNS-SD TXT record from anyone on the LAN (docs/PROTOCOL.md §10.8): {@code fromTxt} gives an
     * announcement or null, never an exception; an announcement's name is at most
     * {@value LanAnnouncement#MAX_NAME_BYTES} bytes of UTF-8 without control characters, and its
     * own TXT record reads back as the same announcement. Keys get well-formed values often enough
     * (a real ID, version 1) for the fuzzer to reach past the first checks.
     */
    @FuzzTest(maxDuration = "10s")
    void lanAnnouncement(FuzzedDataProvider data) {
        Map<String, String> txt = new HashMap<>();
        for (String key : new String[] {"v", "id", "name", "port"}) {
            if (data.consumeBoolean()) {
                txt.put(key, data.consumeString(100));
            }
        }
        if (data.consumeBoolean()) {
            txt.put("v", LanAnnouncement.VERSION);
        }
        if (data.consumeBoolean()) {
            txt.put(
                    "id",
                    CameraId.fromBytes(Arrays.copyOf(data.consumeBytes(CameraId.BYTES), CameraId.BYTES))
                            .toString());
        }
        if (data.consumeBoolean()) {
            txt.put("port", Integer.toString(data.consumeInt()));
        }
        LanAnnouncement announced = LanAnnouncement.fromTxt(txt::get);
        if (announced == null) {
            return;
        }
        String name = announced.name();
        if (name.getBytes(StandardCharsets.UTF_8).length > LanAnnouncement.MAX_NAME_BYTES
                || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalStateException("name " + name + " unfit for a DNS label");
        }
        LanAnnouncement again = LanAnnouncement.fromTxt(announced.txt()::get);
        if (!announced.equals(again)) {
            throw new IllegalStateException("announced " + announced + ", its TXT reads as " + again);
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
