package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** When a tile's next attempt goes straight to the camera found on the LAN (PROTOCOL.md §10.8). */
class LanFallbackTest {
    private static final CameraId CAMERA =
            CameraIdentity.generate(new SecureRandom()).id();
    private static final InetSocketAddress ON_THE_LAN = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40_000);

    private final LanFallback fallback = new LanFallback(CAMERA, id -> id.equals(CAMERA) ? ON_THE_LAN : null);

    /**
     * A cloud that did not help, whether silent, without the camera, or refusing this network (for
     * rate, TCP failed too: decision 0070), leaves the camera on the LAN to try next.
     */
    @ParameterizedTest
    @EnumSource(
            value = ViewerFailure.class,
            names = {"TIMEOUT", "CAMERA_UNAVAILABLE", "NETWORK_ERROR", "RATE_LIMITED"})
    void aCloudThatDidNotHelpSendsTheNextAttemptToTheCameraOnTheLan(ViewerFailure failure) {
        assertThat(fallback.startAttempt()).as("through the cloud first").isNull();
        fallback.failed(failure, "the cloud did not help");

        assertThat(fallback.startAttempt()).isEqualTo(ON_THE_LAN);
    }

    @Test
    void aCameraThatRefusedUsThroughTheCloudIsNotTriedOnTheLan() {
        fallback.startAttempt();
        fallback.failed(ViewerFailure.AUTH_FAILED, "wrong password");

        assertThat(fallback.startAttempt()).isNull();
    }
}
