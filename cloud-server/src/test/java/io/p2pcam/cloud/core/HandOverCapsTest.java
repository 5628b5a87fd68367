package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The caps a clustered node applies before it hands a CONNECT_REQUEST over (docs/PROTOCOL.md §5.3,
 * §5.6): strangers holding a camera's connect cap at the node the viewer asked do not keep out a
 * paired viewer with a valid cloud pass, as they do not at the holder.
 */
class HandOverCapsTest {
    private static final Bytes VIEWER_STATIC_KEY = Bytes.of(new byte[32]);

    private final long now = 1_000_000;
    private final CloudPasses passes = new CloudPasses(Bytes.of(new byte[32]), 0);
    private final HandOverCaps caps = new HandOverCaps(CloudConfig.defaults(), CloudEvents.NONE, 9);
    private final CameraPublicKey camera =
            CameraIdentity.generate(new SecureRandom()).publicKey();
    private long transaction = 1;

    @Test
    void aValidCloudPassGetsPastTheCameraCapThatStrangersHold() {
        for (int i = 0; i < CameraConnectCap.BURST; i++) { // strangers, each from an address of its own
            assertThat(admit(null, viewer(i))).isEqualTo(HandOverCaps.Verdict.ADMITTED);
        }
        assertThat(admit(null, viewer(1_000)))
                .as("a stranger once the camera's cap is spent")
                .isEqualTo(HandOverCaps.Verdict.REFUSED);

        CloudPass pass = CloudPass.issue(passes.cameraPassKey(camera.id()), VIEWER_STATIC_KEY);
        assertThat(admit(pass, viewer(1_001)))
                .as("a paired viewer with a valid pass")
                .isEqualTo(HandOverCaps.Verdict.ADMITTED_WITH_PASS);
        assertThat(caps.mayHandOverAgain(camera.id(), true, now))
                .as("its repeats")
                .isTrue();
        assertThat(caps.mayHandOverAgain(camera.id(), false, now))
                .as("a stranger's repeats")
                .isFalse();
    }

    @Test
    void aForgedPassIsHeldByTheCameraCapLikeNoPass() {
        for (int i = 0; i < CameraConnectCap.BURST; i++) {
            admit(null, viewer(i));
        }
        CameraPublicKey other = CameraIdentity.generate(new SecureRandom()).publicKey();
        CloudPass forOtherCamera = CloudPass.issue(passes.cameraPassKey(other.id()), VIEWER_STATIC_KEY);
        assertThat(admit(forOtherCamera, viewer(1_001))).isEqualTo(HandOverCaps.Verdict.REFUSED);
    }

    /** As a clustered node admits a request tagged with {@code pass} (unless null): its pass checked first. */
    private HandOverCaps.Verdict admit(CloudPass pass, InetSocketAddress viewer) {
        ConnectRequest request = request(pass);
        return caps.admit(request, passes.check(request, now) == PassVerdict.PASSED, ClientAddress.udp(viewer), now);
    }

    /** A CONNECT_REQUEST for {@link #camera} with a fresh handshake timestamp, tagged with {@code pass} unless null. */
    private ConnectRequest request(CloudPass pass) {
        return PassedRequests.withPass(
                new ConnectRequest(transaction, camera.id(), List.of(), PassedRequests.handshakeAt(now, transaction++)),
                pass);
    }

    private static InetSocketAddress viewer(int n) {
        return new InetSocketAddress("203.0." + (n >> 8) + "." + (n & 0xff), 41000);
    }
}
