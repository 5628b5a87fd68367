package io.p2pcam.viewer.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records that hold a password print everything but it (issue 12 §4): they end up in logs. */
class PasswordRedactionTest {
    private static final String SECRET = "hunter2-correct-horse";
    private final CameraId id = CameraIdentity.generate(new SecureRandom()).id();

    @Test
    void aCameraEntryPrintsItsNameButNotItsPassword() {
        assertThat(new CameraEntry(id, "Front door", Password.of(SECRET)).toString())
                .contains("Front door", id.toString(), "redacted")
                .doesNotContain(SECRET);
    }

    @Test
    void theFileFormOfACameraPrintsNoPassword() {
        assertThat(new ConfigStore.CameraForm(id.toString(), "Front door", Password.of(SECRET), null, null).toString())
                .doesNotContain(SECRET);
    }

    @Test
    void connectionSettingsPrintNoPassword() {
        ConnectionSettings settings = new ConnectionSettings(
                new InetSocketAddress("127.0.0.1", 32100), id, Password.of(SECRET), "desk", Duration.ofSeconds(10));
        assertThat(settings.toString()).contains("desk").doesNotContain(SECRET);
    }

    @Test
    void aViewerHelloPrintsNoPassword() {
        assertThat(new ViewerHello(7, false, List.of(), Password.of(SECRET), "desk").toString())
                .contains("desk")
                .doesNotContain(SECRET);
    }
}
