package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.UnixOperatingSystemMXBean;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionHello;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A connection that cannot be opened leaves nothing open behind it. */
class CameraConnectionOpenFailureTest {
    private static long openFiles() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    @Test
    void anOpenThatFailsAfterItsSocketWasOpenedClosesTheSocket() {
        // A password the hello cannot carry is refused while the connection is built, after its
        // socket was opened: the refusal must not cost a socket (a tile retrying would leak one a try).
        ConnectionSettings settings = new ConnectionSettings(
                new InetSocketAddress("127.0.0.1", 9),
                CameraIdentity.generate(new SecureRandom()).id(),
                Password.of("p".repeat(SessionHello.MAX_PASSWORD_BYTES + 1)),
                "test",
                Duration.ofSeconds(5));
        long before = openFiles();

        for (int attempt = 0; attempt < 50; attempt++) {
            assertThatThrownBy(() -> CameraConnection.open(settings, event -> {}))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        assertThat(openFiles() - before)
                .as("file descriptors left open by 50 failed opens")
                .isLessThan(10);
    }
}
