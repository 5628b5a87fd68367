package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerEvent;
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
        TileStats stats = new TileStats(30, 30, 900, 0, 20, 640, 360, 0, 3, "", "");

        assertThat(StatusText.figures(stats.withDecoder("hw: vaapi"), live)).endsWith("640×360 · decoder hw: vaapi");
        assertThat(StatusText.figures(stats.withDecoder("sw (vaapi: no device: test)"), live))
                .endsWith("decoder sw (vaapi: no device: test)");
        assertThat(StatusText.figures(stats, live)).doesNotContain("decoder");
    }

    @Test
    void theFiguresEndWithWhichStreamTheTileShowsAndWhy() {
        ConnectionStatus live = new ConnectionStatus(ConnectionState.LIVE, PathKind.DIRECT, "", 0, 1);
        TileStats stats = new TileStats(30, 30, 900, 0, 20, 640, 360, 0, 3, "sw", "");

        assertThat(StatusText.figures(stats.withStream("main stream: the camera has no sub-stream"), live))
                .endsWith("decoder sw\nmain stream: the camera has no sub-stream");
        assertThat(StatusText.figures(stats, live)).endsWith("decoder sw");
    }

    @Test
    void aRefusedHandshakeSaysWhyAndWhenTheTileTriesAgain() {
        ConnectionStatus refused = new ConnectionStatus(
                ConnectionState.REFUSED,
                null,
                "the camera refused our handshake as stale: is this computer's clock right?",
                31_000,
                3);

        assertThat(StatusText.headline(refused)).isEqualTo("Camera refused");
        assertThat(StatusText.advice(refused, 1_000))
                .isEqualTo(
                        "The camera refused our handshake as stale: is this computer's clock right? Retrying in 30 s.");
    }

    @Test
    void aCloudThatLimitsThisNetworkSaysSoAndWhenTheTileTriesAgain() {
        ConnectionStatus limited = new ConnectionStatus(
                ConnectionState.CLOUD_LIMITED,
                null,
                "the cloud refuses this network over UDP (its rate limit) and TCP to the cloud failed",
                9_000,
                2);

        assertThat(StatusText.headline(limited)).isEqualTo("Limited by the cloud");
        assertThat(StatusText.advice(limited, 1_000))
                .isEqualTo("The cloud refuses this network over UDP (its rate limit) and TCP to the cloud failed."
                        + " Retrying in 8 s.");
    }

    @Test
    void aCameraThatMakesUsWaitIsNotBlamedOnPasswordsAlone() {
        // TOO_MANY_ATTEMPTS comes from the password backoff and from the limit on unpaired viewers alike.
        ConnectionStatus waiting = new ConnectionStatus(ConnectionState.LOCKED_OUT, PathKind.DIRECT, "", 0, 1);

        assertThat(StatusText.advice(waiting, 0)).contains("wrong passwords").contains("first connects");
    }

    @Test
    void aTileOnTheSubStreamBecauseThePathDropsTheFullStreamSaysSoAndWhenItTriesAgain() {
        ConnectionStatus live = new ConnectionStatus(ConnectionState.LIVE, PathKind.RELAY, "", 0, 1);
        ConnectionStatus fellBack = live.after(new ViewerEvent.StreamFallback(true, 30_000), 1_000);

        assertThat(StatusText.fallback(live, 1_000)).isEmpty();
        assertThat(StatusText.fallback(fellBack, 1_000))
                .isEqualTo("SD: the path drops the full stream (trying again in 30 s)");
        assertThat(StatusText.fallback(fellBack, 21_500)).endsWith("(trying again in 10 s)");
        assertThat(StatusText.fallback(fellBack, 40_000))
                .as("the return is a look away: never 0 s or less")
                .endsWith("(trying again in 1 s)");
        assertThat(StatusText.fallback(live.after(new ViewerEvent.StreamFallback(true, 480_000), 1_000), 1_000))
                .endsWith("(trying again in 8 min)");
        assertThat(StatusText.headline(fellBack)).isEqualTo("Live via relay");
    }

    @Test
    void theNoticeGoesWhenTheViewerReturnsToTheFullStreamOrTheConnectionIsLost() {
        ConnectionStatus fellBack = new ConnectionStatus(ConnectionState.LIVE, PathKind.DIRECT, "", 0, 1)
                .after(new ViewerEvent.StreamFallback(true, 30_000), 0);

        assertThat(StatusText.fallback(fellBack.after(new ViewerEvent.StreamFallback(false, 0), 30_000), 30_000))
                .isEmpty();
        assertThat(StatusText.fallback(fellBack.with(ConnectionState.UNREACHABLE), 1_000))
                .isEmpty();
        assertThat(StatusText.fallback(fellBack.onPath(PathKind.RELAY), 1_000))
                .as("a new path does not end the fallback")
                .startsWith("SD:");
    }
}
