package io.p2pcam.camera.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.camera.media.EncoderLoop;
import io.p2pcam.camera.media.NativeLogging;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.protocol.endpoint.CameraEndpoint;
import io.p2pcam.protocol.endpoint.CameraEvent;
import io.p2pcam.protocol.endpoint.CameraStream;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.CameraHandshake;
import io.p2pcam.protocol.session.SessionTimers;
import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.UdpEndpointRunner;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The camera's streams follow its viewers' demand (docs/PROTOCOL.md §10.9) without forcing
 * keyframes of their own: a viewer flipping between the main and the sub-stream made each
 * stream's encoder key at every flip (at its 250 ms spacing, four IDRs a second on each stream),
 * past the keyframe budgets the endpoint holds every viewer's asks to (§10.6). The endpoint asks
 * for the keyframe a switching viewer needs; subscribing asks nothing.
 */
class StreamSubscriptionsTest {
    private static final VideoFormat MAIN = new VideoFormat(320, 240, 15);
    private static final VideoFormat SUB = new VideoFormat(160, 120, 15);

    private final SecureRandom random = new SecureRandom();
    private EncoderLoop encoder;
    private UdpEndpointRunner<CameraEndpoint> network;

    @BeforeAll
    static void quietNativeLogging() {
        NativeLogging.quiet();
    }

    @AfterEach
    void stop() {
        if (network != null) {
            network.close();
        }
        if (encoder != null) {
            encoder.close();
        }
    }

    /** A camera endpoint on a loopback socket whose loop never runs: the senders only need it built. */
    private UdpEndpointRunner<CameraEndpoint> network() throws Exception {
        CameraIdentity identity = CameraIdentity.generate(random);
        InetSocketAddress nowhere = new InetSocketAddress(InetAddress.getLoopbackAddress(), 9);
        CameraEndpoint camera = new CameraEndpoint(
                identity,
                List.of(nowhere),
                new CameraHandshake.Access(
                        Password.of("stream subscriptions test"),
                        new PairingStore(
                                identity.noiseStaticKey(), PairingStore.Snapshot.empty(), PairingStore.Journal.NONE),
                        UnpairedBudget.Limits.DEFAULTS,
                        InstantSource.system()),
                List.of(),
                new CameraStream(MAIN.width(), MAIN.height(), MAIN.fps(), SUB.width(), SUB.height()),
                4,
                random,
                random,
                SessionTimers.DEFAULT,
                UdpEndpointRunner.now());
        return UdpEndpointRunner.unstartedWithNodes(
                camera,
                UdpEndpointRunner.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                "stream subscriptions test",
                endpoint -> {},
                List.of(),
                null);
    }

    @Test
    void aViewerFlippingBetweenTheStreamsForcesNoKeyframeOfTheStreamItFlipsTo() throws Exception {
        encoder = LanCamera.encoder(MAIN, SUB); // never started: what is asked of it stays to be read
        network = network();
        StreamSubscriptions streams = new StreamSubscriptions(encoder, network, new SplittableRandom(1));
        long now = UdpEndpointRunner.now();
        streams.onDemand(new CameraEvent.StreamDemand(VideoStream.MAIN, true), now); // admitted, on main

        for (int flip = 0; flip < 10; flip++) { // the demand the endpoint reports as a lone viewer flips
            boolean toSub = flip % 2 == 0;
            streams.onDemand(new CameraEvent.StreamDemand(VideoStream.SUB, toSub), now);
            streams.onDemand(new CameraEvent.StreamDemand(VideoStream.MAIN, !toSub), now);
        }

        assertThat(encoder.isOpen(VideoStream.SUB)).isFalse();
        assertThat(encoder.keyframeAsked(VideoStream.SUB))
                .as("the keyframes a switching viewer needs are the endpoint's to ask for, within its budgets")
                .isFalse();
    }
}
