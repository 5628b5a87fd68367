package io.p2pcam.camera.live;

import io.p2pcam.camera.media.EncoderException;
import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.EncoderSettings;
import io.p2pcam.camera.media.H264Encoder;
import io.p2pcam.camera.media.SyntheticSource;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The parts of a real {@link LiveCamera} on loopback whose cloud never answers, so that its viewers
 * come straight from the LAN ({@link LanViewer}): a synthetic picture, encoded, and the settings.
 */
final class LanCamera {
    private LanCamera() {}

    /**
     * A synthetic picture of {@code main}'s size and rate, encoded at its default bitrate, with a
     * sub-stream of {@code sub} (null: none); the camera started with it owns it.
     */
    static EncoderLoop encoder(VideoFormat main, VideoFormat sub) throws EncoderException {
        return new EncoderLoop(
                new SyntheticSource(main.width(), main.height(), main.fps(), Clock.systemUTC()),
                new H264Encoder(EncoderSettings.of(main, EncoderSettings.defaultBitrate(main))),
                sub == null ? null : EncoderSettings.of(sub, EncoderSettings.defaultBitrate(sub)));
    }

    /** Up to four viewers with {@code password}; {@code stateDir} null keeps the pairings in memory. */
    static LiveCamera.Settings settings(CameraIdentity identity, String password, Path stateDir) {
        return new LiveCamera.Settings(
                identity,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), // no cloud answers there
                Password.of(password),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                4,
                stateDir);
    }
}
