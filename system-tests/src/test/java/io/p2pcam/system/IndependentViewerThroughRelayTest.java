package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.core.CloudConfig;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.RelayLimits;
import io.p2pcam.cloud.server.CloudServerSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6 for the relay (§7): the Python viewer written from PROTOCOL.md alone reaches a real
 * camera through a real cloud's relay when no direct path works. The direct path is made impossible
 * inside the viewer, as a firewall that passes only the cloud would: with {@code --direct blocked}
 * it neither probes the camera's candidates nor takes a packet from the camera's own address, so
 * the camera's direct PROBEs go unanswered and the relay is the only path (runs anywhere, no root);
 * with {@code --cloud-udp blocked} its UDP to the cloud is dropped too, and it reaches the cloud and
 * the relay over TCP (§3.1).
 */
@Tag("realtime")
@Tag("interop")
class IndependentViewerThroughRelayTest {
    private static final String PASSWORD = "independent relay passphrase";
    private static final int FRAMES = 60;

    @TempDir
    Path dir;

    @RegisterExtension
    static final IndependentViewerRig RIG = new IndependentViewerRig(() -> CameraRig.start(
            CloudServerSettings.loopbackEphemeral()
                    .withCloud(CloudConfig.defaults().withRelay(RelayLimits.on()))
                    .withTcpPort(0), // a free port of its own: a free UDP port's number may be taken for TCP
            1,
            new VideoFormat(640, 360, 30),
            null,
            PASSWORD,
            4));

    @Test
    void withNoDirectPathItGoesLiveThroughTheRelayAndFfmpegDecodesWhatCameThrough() throws Exception {
        long relayedBefore = RIG.get().cloud().metrics().relayedBytes();
        Path out = dir.resolve("relayed.h264");

        JsonNode result = IndependentViewer.watch(RIG.get(), out, PASSWORD, FRAMES, "--direct", "blocked");

        assertThat(result.get("path").asText()).as(result.toString()).isEqualTo("relay");
        assertThat(result.get("frames").asInt()).isEqualTo(FRAMES);
        assertThat(result.get("first_packet_opens_keyframe").asBoolean()).isTrue();
        assertThat(result.get("dropped_session_packets").asInt()).isZero();
        // The cloud checked the tags the independent code computed under its frame key.
        assertThat(RIG.get().cloud().metrics().drops(DropReason.RELAY_BAD_TAG)).isZero();
        assertThat(RIG.get().cloud().metrics().relayedBytes()).isGreaterThan(relayedBefore);
        JsonNode stream = IndependentViewer.decodedVideo(out);
        assertThat(stream.get("width").asInt()).isEqualTo(640);
        assertThat(stream.get("nb_read_frames").asInt()).isEqualTo(FRAMES);
    }

    @Test
    void aRelayedViewerOnANewPortAnswersTheRelaysChallengeAndTheStreamFollowsIt() throws Exception {
        // 2 s after the session starts the viewer goes on from a new socket, as after a NAT
        // rebinding: the relay must challenge the new address and move the viewer's side only
        // once the viewer's RESPONSE proves it (§7 Addresses), or no frame would reach it again.
        JsonNode result = IndependentViewer.watch(
                RIG.get(), dir.resolve("rebound.h264"), PASSWORD, 150, "--direct", "blocked", "--rebind-after", "2");

        assertThat(result.get("path").asText()).as(result.toString()).isEqualTo("relay");
        assertThat(result.get("relay_challenges_answered").asInt()).isPositive();
        assertThat(result.get("frames_after_rebind").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(result.get("frames").asInt()).isEqualTo(150);
    }

    @Test
    void onTheRelayItKeepsProbingAndMovesToTheDirectPathOnceOneOpens() throws Exception {
        JsonNode result = IndependentViewer.watch(
                RIG.get(),
                dir.resolve("upgraded.h264"),
                PASSWORD,
                120,
                "--direct",
                "blocked",
                "--unblock-direct-after",
                "2");

        JsonNode paths = result.get("paths");
        assertThat(paths.size()).as(result.toString()).isEqualTo(2);
        assertThat(paths.get(0).asText()).isEqualTo("relay");
        assertThat(paths.get(1).asText()).isNotEqualTo("relay");
        assertThat(result.get("frames").asInt()).isEqualTo(120);
    }

    @Test
    void withUdpToTheCloudBlockedItMovesToTcpAndIsRelayedOverThatConnection() throws Exception {
        // §3.1: its requests unanswered over UDP, the viewer reaches the cloud over TCP (configured
        // with the port, which differs here) and, on TCP to the node that brokered the session,
        // probes the relay from its start (§10.3): relay frames travel over the connection.
        int tcpPort = RIG.get().cloud().tcpAddress().orElseThrow().getPort();
        Path out = dir.resolve("tcp.h264");

        JsonNode result = IndependentViewer.watch(
                RIG.get(),
                out,
                PASSWORD,
                FRAMES,
                "--direct",
                "blocked",
                "--cloud-udp",
                "blocked",
                "--tcp-port",
                String.valueOf(tcpPort));

        assertThat(result.get("cloud_transport").asText()).as(result.toString()).isEqualTo("tcp");
        assertThat(result.get("path").asText()).isEqualTo("relay");
        assertThat(result.get("frames").asInt()).isEqualTo(FRAMES);
        assertThat(IndependentViewer.decodedVideo(out).get("nb_read_frames").asInt())
                .isEqualTo(FRAMES);
    }
}
