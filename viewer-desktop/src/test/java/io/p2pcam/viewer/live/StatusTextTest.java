package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.session.SessionEvent.PathKind;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    @Test
    void aTileReachedOnTheLanWithNoCloudSaysSo() {
        ConnectionStatus noCloud = new ConnectionStatus(ConnectionState.LIVE, PathKind.LAN, "", 0, 1, true);

        assertThat(StatusText.headline(noCloud)).isEqualTo("Live via LAN (no cloud)");
    }

    @Test
    void aLanPathFoundThroughTheCloudIsPlainLan() {
        ConnectionStatus throughCloud = new ConnectionStatus(ConnectionState.LIVE, PathKind.LAN, "", 0, 1);

        assertThat(StatusText.headline(throughCloud)).isEqualTo("Live via LAN");
        assertThat(StatusText.headline(new ConnectionStatus(ConnectionState.LIVE, PathKind.DIRECT, "", 0, 1)))
                .isEqualTo("Live via P2P");
    }

    @Test
    void theFiguresSayWhichDecoderWorksAndWhyNotTheGpu() {
        ConnectionStatus live = new ConnectionStatus(ConnectionState.LIVE, PathKind.DIRECT, "", 0, 1);
        TileStats stats = new TileStats(30, 30, 900, 0, 20, 640, 360, 0, 3, "");

        assertThat(StatusText.figures(stats.withDecoder("hw: vaapi"), live)).endsWith("640×360 · decoder hw: vaapi");
        assertThat(StatusText.figures(stats.withDecoder("sw (vaapi: no device: test)"), live))
                .endsWith("decoder sw (vaapi: no device: test)");
        assertThat(StatusText.figures(stats, live)).doesNotContain("decoder");
    }

    @Test
    void aCameraThatMakesUsWaitIsNotBlamedOnPasswordsAlone() {
        // TOO_MANY_ATTEMPTS comes from the password backoff and from the limit on unpaired viewers alike.
        ConnectionStatus waiting = new ConnectionStatus(ConnectionState.LOCKED_OUT, PathKind.DIRECT, "", 0, 1);

        assertThat(StatusText.advice(waiting, 0)).contains("wrong passwords").contains("first connects");
    }
}
