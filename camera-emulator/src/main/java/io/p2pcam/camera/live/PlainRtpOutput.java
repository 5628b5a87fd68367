package io.p2pcam.camera.live;

import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.camera.media.EncodedFrame;
import io.p2pcam.camera.media.FrameSubscriber;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.media.codec.SoundBand;
import io.p2pcam.protocol.audio.GaplessAudioStream;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.media.AnnexB;
import io.p2pcam.protocol.media.H264Packetizer;
import io.p2pcam.protocol.media.PacketizerConfig;
import io.p2pcam.protocol.media.RtpCodec;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.media.VideoClock;
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
 * <p>With sound, {@link #audio()} sends the Opus stream (RFC 7587, payload type 111, as in the
 * session: docs/PROTOCOL.md §10.7) to the next port pair (the video's port + 2), described by a
 * second media section in the SDP.
 *
 * <p>Packets are sent on the encoder's (and the audio loop's) thread with a non-blocking socket: a
 * full buffer loses the datagram rather than stall the loop.
 */
public final class PlainRtpOutput implements FrameSubscriber, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlainRtpOutput.class);
    private final InetSocketAddress target;
    private final DatagramChannel channel;
    private final H264Packetizer packetizer;
    private final byte[] buffer = new byte[2048];
    private final GaplessAudioStream audioStream;
    private final InetSocketAddress audioTarget;
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
        this.audioStream = new GaplessAudioStream(random.nextInt() & 0xffffffffL, random.nextInt(1 << 16));
        this.audioTarget = audioTarget(target);
    }

    /** Where the sound goes: the video's port + 2 (RTP ports come in pairs, RFC 3550 §11). */
    public static InetSocketAddress audioTarget(InetSocketAddress target) {
        return new InetSocketAddress(target.getAddress(), target.getPort() + 2);
    }

    /**
     * Sends each Opus frame of an {@link AudioLoop} as plain RTP to {@link #audioTarget}, a packet
     * for every 20 ms ({@link GaplessAudioStream}): the frames of silence that DTX leaves out of the
     * session go out too, as the encoder's TOC-only packets, which a decoder conceals as it would a
     * lost frame. A player that lays decoded frames end to end and ignores the timestamps (ffmpeg
     * does) then keeps the sound's timing (docs/decisions/0034-plain-rtp-sound-without-gaps.md).
     */
    public AudioLoop.Subscriber audio() {
        return new AudioLoop.Subscriber() {
            @Override
            public void onFrame(byte[] opus, long firstSample) {
                sendAudio(opus, firstSample);
            }

            @Override
            public void onSilentFrame(byte[] dtx, long firstSample) {
                sendAudio(dtx, firstSample);
            }
        };
    }

    private void sendAudio(byte[] opus, long firstSample) {
        for (byte[] rtp : audioStream.packetize(opus, OpusRtp.timestampOf(firstSample))) {
            try {
                channel.send(ByteBuffer.wrap(rtp), audioTarget);
            } catch (IOException e) {
                // nobody listening yet, or no route: a debug output carries on
            }
        }
    }

    /** The SDP that describes the video alone (RFC 8866; H.264 per RFC 6184 §8.2.1). */
    public static String sdp(InetSocketAddress target, VideoFormat format) {
        return sdp(target, format, Sound.NONE);
    }

    /** What sound the output carries, for its SDP. */
    public enum Sound {
        NONE,
        /**
         * Opus, a packet every 20 ms whether or not the encoder is in DTX ({@link #audio()}), so the
         * SDP does not say {@code usedtx=1} (RFC 7587 §6.1, §7.2: that would declare a stream with
         * silence left out); coded {@link SoundBand#WIDE}, which the SDP says as {@code
         * sprop-maxcapturerate=16000} (RFC 7587 §6.1: a receiver may then decode at 16 kHz).
         */
        WIDEBAND_OPUS,
        /** Opus as {@link #WIDEBAND_OPUS} but coded {@link SoundBand#FULL}. */
        FULLBAND_OPUS;

        /** @param band the sound's band, or null for no sound */
        public static Sound of(SoundBand band) {
            if (band == null) {
                return NONE;
            }
            return band == SoundBand.WIDE ? WIDEBAND_OPUS : FULLBAND_OPUS;
        }

        String fmtp() {
            return this == WIDEBAND_OPUS
                    ? "useinbandfec=1;sprop-maxcapturerate=" + SoundBand.WIDE.captureRate()
                    : "useinbandfec=1";
        }
    }

    /** The SDP that describes this output, with the sound's media section (RFC 7587 §7) unless {@link Sound#NONE}. */
    public static String sdp(InetSocketAddress target, VideoFormat format, Sound sound) {
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
                + "a=recvonly\r\n"
                + (sound != Sound.NONE
                        ? "m=audio " + audioTarget(target).getPort() + " RTP/AVP " + OpusRtp.PAYLOAD_TYPE + "\r\n"
                                + "a=rtpmap:" + OpusRtp.PAYLOAD_TYPE + " opus/48000/2\r\n"
                                + "a=fmtp:" + OpusRtp.PAYLOAD_TYPE + " " + sound.fmtp() + "\r\n"
                                + "a=ptime:" + OpusRtp.FRAME_MILLIS + "\r\n"
                                + "a=recvonly\r\n"
                        : "");
    }

    public static void writeSdp(Path file, InetSocketAddress target, VideoFormat format) throws IOException {
        writeSdp(file, target, format, Sound.NONE);
    }

    public static void writeSdp(Path file, InetSocketAddress target, VideoFormat format, Sound sound)
            throws IOException {
        Files.writeString(file, sdp(target, format, sound), StandardCharsets.US_ASCII);
    }

    @Override
    public void onFrame(EncodedFrame frame) {
        long timestamp = VideoClock.timestampOf(frame.captureMicros());
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
