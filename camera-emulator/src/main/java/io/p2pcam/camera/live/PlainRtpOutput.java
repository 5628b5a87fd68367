package io.p2pcam.camera.live;

import io.p2pcam.camera.media.EncodedFrame;
import io.p2pcam.camera.media.FrameSubscriber;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.H264Packetizer;
import io.p2pcam.protocol.media.PacketizerConfig;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEBUG OUTPUT, UNENCRYPTED, FOR LOCAL USE ONLY: the camera's H.264 as plain RTP (RFC 3550,
 * RFC 6184 packetization-mode 1, payload type 96) to one UDP address, with an SDP file (RFC 8866)
 * that third-party players open, e.g. {@code ffplay -protocol_whitelist file,udp,rtp -i
 * camera.sdp}. It proves the media format is the standard one; it has none of the session's
 * protection (anyone on the path sees the video), so only ever point it at this machine or a
 * lab network.
 *
 * <p>Packets are sent on the encoder thread with a non-blocking socket: a full buffer loses the
 * datagram rather than stall the encoder.
 */
public final class PlainRtpOutput implements FrameSubscriber, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlainRtpOutput.class);
    private static final long RTP_CLOCK_HZ = 90_000;

    private final InetSocketAddress target;
    private final DatagramChannel channel;
    private final H264Packetizer packetizer;
    private final byte[] buffer = new byte[2048];
    private long sent;

    public PlainRtpOutput(InetSocketAddress target, RandomGenerator random) throws IOException {
        this.target = target;
        this.channel = DatagramChannel.open();
        this.channel.configureBlocking(false);
        this.packetizer = new H264Packetizer(
                random.nextInt() & 0xffffffffL,
                MediaSender.PAYLOAD_TYPE,
                random.nextInt(1 << 16),
                PacketizerConfig.DEFAULTS);
    }

    /** The SDP that describes this output (RFC 8866; H.264 per RFC 6184 §8.2.1). */
    public static String sdp(InetSocketAddress target, VideoFormat format) {
        String family = target.getAddress() instanceof Inet6Address ? "IP6" : "IP4";
        String host = target.getAddress().getHostAddress();
        return "v=0\r\n"
                + "o=- 0 0 IN " + family + " " + host + "\r\n"
                + "s=p2pcam camera emulator - plain RTP debug output (unencrypted, local use only)\r\n"
                + "c=IN " + family + " " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=video " + target.getPort() + " RTP/AVP " + MediaSender.PAYLOAD_TYPE + "\r\n"
                + "a=rtpmap:" + MediaSender.PAYLOAD_TYPE + " H264/90000\r\n"
                + "a=fmtp:" + MediaSender.PAYLOAD_TYPE + " packetization-mode=1;profile-level-id=42e01f\r\n"
                + "a=framerate:" + format.fps() + "\r\n"
                + "a=recvonly\r\n";
    }

    public static void writeSdp(Path file, InetSocketAddress target, VideoFormat format) throws IOException {
        Files.writeString(file, sdp(target, format), StandardCharsets.US_ASCII);
    }

    @Override
    public void onFrame(EncodedFrame frame) {
        long timestamp = frame.captureMicros() * RTP_CLOCK_HZ / 1_000_000 & 0xffffffffL;
        for (RtpPacket packet : packetizer.packetize(AnnexB.split(frame.annexB()), timestamp)) {
            int length = RtpCodec.encode(packet, buffer, 0);
            try {
                if (channel.send(ByteBuffer.wrap(buffer, 0, length), target) > 0) {
                    sent++;
                }
            } catch (IOException e) {
                // nobody listening yet (ICMP port unreachable), or no route: a debug output carries on
            }
        }
    }

    public long packetsSent() {
        return sent;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing the RTP debug output: {}", e.toString());
        }
    }
}
