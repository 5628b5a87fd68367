package io.p2pcam.camera.live;

import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.protocol.audio.AudioStreamSender;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Hands each Opus frame to the network thread, where it becomes an RTP packet (RFC 7587, its own
 * SSRC) sent at once to every live viewer, followed every second by the stream's sender report:
 * the network clock's reading (the one the video's reports use) against this stream's RTP time
 * at the same instant, read from the capture clock. Never blocks the audio loop.
 */
final class AudioSender implements AudioLoop.Subscriber {
    private final UdpEndpointRunner<CameraEndpoint> network;
    private final AudioStreamSender stream; // network-thread confined
    private final Clock captureClock;

    AudioSender(UdpEndpointRunner<CameraEndpoint> network, RandomGenerator random, Clock captureClock) {
        this.network = network;
        this.stream = new AudioStreamSender(random.nextInt() & 0xffffffffL, random.nextInt(1 << 16));
        this.captureClock = captureClock;
    }

    @Override
    public void onFrame(byte[] opus, long firstSample) {
        network.execute(camera -> {
            long now = UdpEndpointRunner.now();
            camera.sendAudio(stream.packet(opus, OpusRtp.timestampOf(firstSample)), now);
            if (stream.reportDue(now)) {
                long rtpNow = OpusRtp.timestampOf(OpusRtp.sampleAt(captureClock.millis() * 1000));
                camera.sendAudioReport(stream.report(now, rtpNow), now);
            }
        });
    }
}
