package io.p2pcam.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The directive as HotSpot applies it, seen in a JVM of its own that codes sound with {@code
 * -XX:+PrintCompilation}: {@code -Xbatch} makes every compilation finish before the code that asked
 * for it goes on (so the log is the same on a busy machine), lower thresholds ({@code
 * -XX:CompileThresholdScaling}) bring C2's turn within a few hundred frames, and only Concentus is
 * compiled at all ({@code compileonly}), which keeps the two JVMs to a few seconds.
 */
class ConcentusCompilerDirectiveTest {
    /** PrintCompilation's line: id, attributes (% for OSR), tier, method. */
    private static final Pattern COMPILED = Pattern.compile(
            "^\\s*\\d+\\s+\\d+\\s+([%sbn! ]{0,6})\\s*([0-4])\\s+(io\\.github\\.jaredmdobson\\.concentus\\.\\S+)");

    @Test
    void withTheDirectiveC2RefusesConcentusAndItsDecoderRunsAsTier1Code() throws Exception {
        String log = codeSoundInAJvmOfItsOwn("viewer", 300);

        assertThat(log).contains("directive: 1 compiler directives added");
        assertThat(log).containsPattern("made not compilable on level 4 +io\\.github\\.jaredmdobson\\.concentus\\.");
        assertThat(tiers(log, "io.github.jaredmdobson.concentus."))
                .as("no Concentus method compiled by C2 (tier 4)")
                .isNotEmpty()
                .doesNotContain(4);
        assertThat(tiers(log, "io.github.jaredmdobson.concentus.DecodeAPI::silk_Decode"))
                .as("the decoder's largest method is compiled as tier 1 code")
                .contains(1)
                .doesNotContain(4);
    }

    @Test
    void withoutItC2CompilesConcentusInTheSameRun() throws Exception {
        String log = codeSoundInAJvmOfItsOwn("none", 3);

        assertThat(tiers(log, "io.github.jaredmdobson.concentus.")).contains(4);
        assertThat(log)
                .doesNotContainPattern("made not compilable on level 4 +io\\.github\\.jaredmdobson\\.concentus\\.");
    }

    @Test
    void theCamerasDirectiveKeepsC2OffTheEncodersTwoDearestMethodsOnly() throws Exception {
        String log = codeSoundInAJvmOfItsOwn("camera", 300);

        assertThat(log).contains("directive: 1 compiler directives added");
        for (String method : List.of(
                "io.github.jaredmdobson.concentus.SilkNSQState::silk_noise_shape_quantizer_del_dec",
                "io.github.jaredmdobson.concentus.PitchAnalysisCore::silk_pitch_analysis_core")) {
            assertThat(tiers(log, method))
                    .as("%s compiled as tier 1 code, never by C2", method)
                    .contains(1)
                    .doesNotContain(4);
        }
        assertThat(tiers(log, "io.github.jaredmdobson.concentus.OpusEncoder::opus_encode_native"))
                .as("the rest of the encoder is C2's")
                .contains(4);
    }

    private static List<Integer> tiers(String log, String methodPrefix) {
        return log.lines()
                .filter(line -> !line.contains("made not entrant"))
                .map(COMPILED::matcher)
                .filter(Matcher::find)
                .filter(m -> m.group(3).startsWith(methodPrefix))
                .map(m -> Integer.parseInt(m.group(2)))
                .toList();
    }

    /** @param directive "viewer", "camera" (the directive each installs) or "none" */
    private static String codeSoundInAJvmOfItsOwn(String directive, int frames)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xbatch",
                        "-XX:CompileThresholdScaling=0.05",
                        "-XX:CompileCommand=compileonly,io.github.jaredmdobson.concentus.*::*",
                        "-XX:+PrintCompilation",
                        "-cp",
                        System.getProperty("java.class.path"),
                        SoundCoding.class.getName(),
                        directive,
                        Integer.toString(frames))
                .redirectErrorStream(true)
                .start();
        byte[] output = process.getInputStream().readAllBytes(); // until the JVM exits
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(log).isZero();
        return log;
    }

    /** The other JVM: the directive (or not), then so many frames of the media path's encoding and decoding. */
    static final class SoundCoding {
        private SoundCoding() {}

        public static void main(String[] args) {
            switch (args[0]) {
                case "viewer" ->
                    System.out.println(
                            "directive: " + ConcentusCompilerDirective.install().answer());
                case "camera" ->
                    System.out.println("directive: "
                            + ConcentusCompilerDirective.installForEncoder().answer());
                default -> {} // none
            }
            int frames = Integer.parseInt(args[1]);
            short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
            short[] out = new short[OpusRtp.FRAME_SAMPLES];
            // DTX, as the camera sends; fullband for the camera's directive: wideband's complexity never
            // runs the delayed-decision quantizer, one of the two methods it is about.
            SoundBand band = args[0].equals("camera") ? SoundBand.FULL : SoundBand.WIDE;
            try (OpusEncoder encoder = new OpusEncoder(true, band);
                    OpusDecoder decoder = new OpusDecoder()) {
                for (int frame = 0; frame < frames; frame++) {
                    TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                    byte[] opus = encoder.encode(pcm);
                    if (opus == null) {
                        decoder.conceal(out);
                    } else {
                        decoder.decode(opus, out);
                    }
                }
            }
        }
    }
}
