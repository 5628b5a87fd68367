package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.protocol.pairing.Password;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final CameraId camera = CameraIdentity.generate(RANDOM).id();
    private final KeyPair viewerKey = KeyPair.generate(RANDOM);
    private final CloudPass pass =
            CloudPass.issue(Bytes.of(new byte[CloudPass.CAMERA_KEY_BYTES]), Bytes.of(viewerKey.publicKey()));
    private final ConnectionSettings throughTheCloud = new ConnectionSettings(
            new InetSocketAddress("198.51.100.7", 4433),
            camera,
            Password.NONE,
            "Kitchen",
            Duration.ofSeconds(10),
            viewerKey,
            pass);

    @Test
    void aPairedViewerPresentsItsPassToTheCloud() {
        assertThat(throughTheCloud.pass()).isEqualTo(pass);
    }

    /**
     * A LAN announcement is unauthenticated (docs/PROTOCOL.md §10.8): whoever answers the LOOKUP with
     * the camera's public key, which anyone can fetch, gets the CONNECT_REQUEST. The camera reads no
     * pass there, and the pass id (a hash of the viewer's static key, the same for every camera)
     * would tell a forger who this viewer is, which the Noise message hides.
     */
    @Test
    void aConnectionStraightToACameraOnTheLanPresentsNoCloudPass() {
        ConnectionSettings direct = throughTheCloud.directTo(new InetSocketAddress("192.168.1.20", 50_000));

        assertThat(direct.direct()).isTrue();
        assertThat(direct.pass()).isEqualTo(CloudPass.NONE);
        assertThat(direct.withPass(pass).pass())
                .as("a pass given later is not presented either")
                .isEqualTo(CloudPass.NONE);
    }
}
