package io.p2pcam.media.codec;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Keeps HotSpot's optimising compiler (C2) off Concentus in this process, so that the Opus codec
 * runs as C1 code (tier 1: compiled, no profiling) from its first seconds on. Why: C2 compiling
 * Concentus's large methods ({@code DecodeAPI::silk_Decode}, {@code
 * CeltDecoder::celt_decode_with_ec}, 2 kB of bytecode each) cost a viewer 2.6–4.3 % of a core over a
 * session's first two minutes, more than the sound's own threads, and no warm-up moved it out of
 * the session; C1's code decodes a frame in ~1.5 times C2's time, a tenth of a point of a core at 50
 * frames a second (docs/decisions/0036-concentus-without-c2.md). The camera, whose encoder runs for
 * its whole life, keeps C2 off only the encoder's two methods that cost C2 the most ({@link
 * #installForEncoder}, the decision's amendment).
 *
 * <p>How: a compiler directive ({@code c2: {Exclude: true}} for the Concentus package) added at run
 * time through the platform's DiagnosticCommand MBean ({@code compilerDirectivesAdd}, what {@code
 * jcmd PID Compiler.directives_add} does; module jdk.management), so that every way the viewer
 * starts (the installed app, {@code ./p2pcam}, tests, probe) gets it without JVM flags. HotSpot
 * then refuses each Concentus method when the tiered policy first asks C2 for it, marks it not
 * C2-compilable, and the policy compiles it at tier 1 instead (compilationPolicy.cpp, {@code
 * CompilationPolicy::compile}). Code C2 compiled before the directive stays; add it before the
 * codec runs.
 *
 * <p>Thread-safe; adds the directive once per process (HotSpot keeps a stack of at most {@code
 * CompilerDirectivesLimit} directives, 50).
 */
public final class ConcentusCompilerDirective {
    /** HotSpot's directive syntax (JEP 165); the match is a class pattern, then a method pattern. */
    static final String DIRECTIVE = "[{match: \"io/github/jaredmdobson/concentus/*.*\", c2: {Exclude: true}}]";

    /**
     * The camera's (its encoder runs for the camera's whole life, so it keeps C2's code but for
     * these): the two methods that cost C2 the most to compile, 40 % of the C2 time Concentus took
     * in a camera's first minutes (JFR {@code jdk.Compilation}), compiled up to 11 times each (OSR
     * and again after uncommon traps) and until 200 s into its life because the encoder runs a few
     * times a second; as tier 1 code they encode as fast within the measurement's spread
     * (docs/BENCHMARKS.md, "Issue 15, where the camera's C2 time goes").
     */
    static final String ENCODER_DIRECTIVE =
            "[{match: [\"io/github/jaredmdobson/concentus/SilkNSQState.silk_noise_shape_quantizer_del_dec\","
                    + " \"io/github/jaredmdobson/concentus/PitchAnalysisCore.silk_pitch_analysis_core\"], c2: {Exclude: true}}]";

    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";
    private static Outcome outcome;
    private static Outcome encoderOutcome;

    private ConcentusCompilerDirective() {}

    /**
     * What became of the directive.
     *
     * @param added whether the JVM took it
     * @param answer the JVM's answer in its own words ("1 compiler directives added"), or why it
     *     could not be asked (no DiagnosticCommand MBean: not HotSpot, or a runtime without
     *     jdk.management)
     */
    public record Outcome(boolean added, String answer) {}

    /** Adds the directive the first time; later calls return the first call's outcome. */
    public static synchronized Outcome install() {
        if (outcome == null) {
            outcome = add(DIRECTIVE);
        }
        return outcome;
    }

    /**
     * Adds {@link #ENCODER_DIRECTIVE} the first time (the camera's, before its encoder runs); later
     * calls return the first call's outcome.
     */
    public static synchronized Outcome installForEncoder() {
        if (encoderOutcome == null) {
            encoderOutcome = add(ENCODER_DIRECTIVE);
        }
        return encoderOutcome;
    }

    private static Outcome add(String directive) {
        Path file = null;
        try {
            file = Files.createTempFile("p2pcam-concentus-", ".json"); // the command reads a file only
            Files.writeString(file, directive, StandardCharsets.US_ASCII);
            Object answer = ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName(DIAGNOSTIC_COMMAND),
                            "compilerDirectivesAdd",
                            new Object[] {new String[] {file.toString()}},
                            new String[] {String[].class.getName()});
            String words = String.valueOf(answer).strip();
            // HotSpot answers in words only: "N compiler directives added", or why not (a file it
            // could not read, a directive it could not parse) with no exception.
            return new Outcome(words.endsWith("directives added"), words);
        } catch (IOException | JMException | RuntimeException e) {
            return new Outcome(false, e.toString());
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file of 80 bytes left behind; the directive is in already
                }
            }
        }
    }
}
