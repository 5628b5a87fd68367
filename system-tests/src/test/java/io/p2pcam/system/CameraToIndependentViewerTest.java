package io.p2pcam.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.p2pcam.camera.media.VideoFormat;
import io.p2pcam.cloud.core.PassVerdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6, "PROTOCOL.md is complete enough to write a client from it alone", kept true: the
 * Python viewer in tools/independent-viewer, written from the document without the Java sources,
 * watches a real camera through a real cloud on loopback (lookup, connect with the password, Noise
 * handshake, punch, sealed session, H.264 reassembly), and Debian's ffprobe and ffmpeg decode what
 * it wrote. Skipped where python3 or its cryptography package is missing ('./p2pcam test' installs
 * python3-cryptography).
 */
@Tag("realtime")
@Tag("interop")
class CameraToIndependentViewerTest {
    private static final String PASSWORD = "independent viewer passphrase";
    private static final int FRAMES = 60;
    private static final VideoFormat SUB = new VideoFormat(320, 180, 30);

    @TempDir
    Path dir;

    @RegisterExtension
    static final IndependentViewerRig RIG =
            new IndependentViewerRig(() -> CameraRig.start(1, new VideoFormat(640, 360, 30), SUB, PASSWORD, 4));

    @RegisterExtension
    static final IndependentViewerRig MAIN_ONLY =
            new IndependentViewerRig(() -> CameraRig.start(1, new VideoFormat(640, 360, 30), PASSWORD, 4));

    @Test
    void aViewerWrittenFromTheDocumentAloneReceivesFramesThatFfmpegDecodes() throws Exception {
        Path out = dir.resolve("out.h264");

        JsonNode result = independentViewer(out, PASSWORD);

        assertThat(result.get("frames").asInt()).as(result.toString()).isEqualTo(FRAMES);
        assertThat(result.get("width").asInt()).isEqualTo(640);
        assertThat(result.get("height").asInt()).isEqualTo(360);
        // What §10.2 promises about the media, as the independent code reads it.
        assertThat(result.get("first_packet_opens_keyframe").asBoolean()).isTrue();
        assertThat(result.get("keyframes").asInt()).isPositive();
        assertThat(result.get("idr_without_parameter_sets").asInt()).isZero();
        assertThat(result.get("max_rtp_bytes").asInt()).isBetween(1, 1100);
        assertThat(result.get("dropped_session_packets").asInt()).isZero();

        JsonNode stream = IndependentViewer.decodedVideo(out);
        assertThat(stream.get("codec_name").asText()).isEqualTo("h264");
        assertThat(stream.get("width").asInt()).isEqualTo(640);
        assertThat(stream.get("nb_read_frames").asInt()).isEqualTo(FRAMES);
    }

    @Test
    void itAsksForTheSubStreamAndTheCameraSwitchesItOverAtAKeyframe() throws Exception {
        Path out = dir.resolve("sub.h264");

        // On the main stream for a second first: asked for at once, the sub-stream can be the
        // viewer's first media, and there would be no switch to see (§10.9).
        JsonNode result = independentViewer(out, PASSWORD, "--stream", "1", "--switch-after", "1");

        assertThat(result.get("listed_streams").toString())
                .as("the welcome's stream list (§10.1), as a reader of the document decodes it")
                .isEqualTo("{\"main\":\"640x360@30\",\"sub\":\"%dx%d@%d\"}"
                        .formatted(SUB.width(), SUB.height(), SUB.fps()));
        assertThat(result.get("stream_switches").asInt()).as(result.toString()).isEqualTo(1);
        assertThat(result.get("switches_opened_at_keyframe").asBoolean()).isTrue();
        assertThat(result.get("frames").asInt()).isEqualTo(FRAMES);
        JsonNode stream = IndependentViewer.decodedVideo(out); // the viewer's file holds the newest stream only
        assertThat(stream.get("width").asInt()).isEqualTo(SUB.width());
        assertThat(stream.get("height").asInt()).isEqualTo(SUB.height());
        assertThat(stream.get("nb_read_frames").asInt()).isEqualTo(FRAMES);
    }

    @Test
    void toACameraThatListsNoSubStreamItAsksForTheMainStreamInstead() throws Exception {
        Path out = dir.resolve("main-only.h264");

        JsonNode result =
                IndependentViewer.watch(MAIN_ONLY.get(), out, PASSWORD, FRAMES, "--stream", "1", "--switch-after", "1");

        assertThat(result.get("listed_streams").toString()).isEqualTo("{\"main\":\"640x360@30\"}");
        assertThat(result.get("selections_sent").get("sub").asInt())
                .as("§10.9: no SELECT_STREAM for a sub-stream the welcome did not list; " + result)
                .isZero();
        assertThat(result.get("stream_asked").asText()).isEqualTo("main");
        assertThat(result.get("selections_sent").get("main").asInt())
                .as("it asks for the main stream in its place")
                .isPositive();
        assertThat(result.get("stream_switches").asInt()).isZero();
        assertThat(result.get("frames").asInt()).isEqualTo(FRAMES);
        assertThat(IndependentViewer.decodedVideo(out).get("width").asInt()).isEqualTo(640);
    }

    @Test
    void itPairsThenComesBackByItsKeyAloneWithTheCloudPassTheCameraGaveIt() throws Exception {
        Path key = dir.resolve("viewer.key");
        JsonNode first = independentViewer(dir.resolve("first.h264"), PASSWORD, "--key-file", key.toString());
        assertThat(first.get("paired").asBoolean()).as(first.toString()).isTrue();
        assertThat(first.get("cloud_pass_presented").asBoolean()).isFalse();
        long passedBefore = RIG.get().cloud().metrics().connectPasses(PassVerdict.PASSED);

        JsonNode again = independentViewer(dir.resolve("again.h264"), "", "--key-file", key.toString());

        assertThat(again.get("frames").asInt()).as(again.toString()).isEqualTo(FRAMES);
        assertThat(again.get("paired").asBoolean()).isTrue();
        assertThat(again.get("cloud_pass_presented").asBoolean()).isTrue();
        assertThat(RIG.get().cloud().metrics().connectPasses(PassVerdict.PASSED))
                .as("the cloud checked the pass tag the independent code computed")
                .isEqualTo(passedBefore + 1);
    }

    @Test
    void theDocumentsWorkedExamplesHoldInTheIndependentCode() throws Exception {
        IndependentViewer.Outcome tests = IndependentViewer.run(
                List.of("python3", "-B", "-m", "unittest", "-v", "test_doc_vectors"), Map.of(), 60);
        assertThat(tests.exit()).as(tests.output()).isZero();
    }

    private static JsonNode independentViewer(Path out, String password, String... more) throws Exception {
        return IndependentViewer.watch(RIG.get(), out, password, FRAMES, more);
    }
}
