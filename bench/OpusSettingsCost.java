import io.p2pcam.media.codec.ConcentusCompilerDirective;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.media.codec.SoundBand;
import io.p2pcam.media.codec.OpusWarmUp;
import io.p2pcam.media.codec.SlotDecoder;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * bench/opus-settings-cost.sh's JVM: what one encoder setting costs a camera (or its packets cost a
 * viewer) from the process's start, in CPU time only (the machine's load does not distort it): this
 * thread's CPU time (ThreadMXBean), its allocation, and the JIT's compiler threads' CPU time
 * (/proc/self/task/TID/stat of the "C1 CompilerThre…" and "C2 CompilerThre…" threads), per window
 * of the sound's time. The marked sound (silence, a 40 ms 1 kHz burst every 500 ms) with DTX, as
 * the synthetic camera sends it; the OpusWarmUp first, as the camera and the viewer run it.
 *
 * <p>Args: SIDE COMPLEXITY[/SILENCE_COMPLEXITY] WIDEBAND DIRECTIVE SECONDS PAUSE_US. SIDE: encode
 * (the camera's audio loop) or decode (the viewer's player: the packets of that setting through its
 * SlotDecoder, the frames DTX left out as silence slots). SILENCE_COMPLEXITY: that of the coded
 * frames of digital silence (default: COMPLEXITY, as before decision 0084). WIDEBAND: 1 caps the
 * encoder at wideband. DIRECTIVE: camera (the two encoder methods off C2, as the camera), viewer
 * (all of Concentus off C2 and the viewer's warm-up, {@code OpusWarmUp.runForViewer}: the decoder
 * warmed to tier 1, decision 0087), viewer-short (the same with the warm-up before 0087, {@code
 * OpusWarmUp.run} alone) or none. SECONDS of sound (50 frames a second), reported
 * per window: 0–75 s (the camera before the bench's session), 75–195 s (the session's two
 * minutes), then the rest. PAUSE_US: a pause after each frame so that the frames do not run back
 * to back (caches and the compilers' queue closer to a paced loop's).
 */
public class OpusSettingsCost {
    private static final int FRAMES_PER_SECOND = 50;
    private static final int[] WINDOW_ENDS = {75, 195};

    public static void main(String[] args) throws IOException {
        String side = args[0];
        int complexity = Integer.parseInt(args[1].split("/")[0]);
        int silenceComplexity = Integer.parseInt(args[1].split("/", 2)[args[1].contains("/") ? 1 : 0]);
        boolean wideband = args[2].equals("1");
        String directive = args[3];
        int seconds = Integer.parseInt(args[4]);
        long pauseNanos = Long.parseLong(args[5]) * 1_000;
        String answer = switch (directive) {
            case "camera" -> ConcentusCompilerDirective.installForEncoder().answer();
            case "viewer", "viewer-short" -> ConcentusCompilerDirective.install().answer();
            default -> "none";
        };
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        if (directive.equals("viewer")) {
            OpusWarmUp.runForViewer();
        } else {
            OpusWarmUp.run();
        }
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        List<byte[]> packets = new ArrayList<>();
        if (side.equals("decode")) {
            try (OpusEncoder encoder = new OpusEncoder(true, complexity, silenceComplexity, wideband ? SoundBand.WIDE : SoundBand.FULL)) {
                for (int frame = 0; frame < seconds * FRAMES_PER_SECOND; frame++) {
                    TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                    packets.add(encoder.encode(pcm)); // null: left out (DTX)
                }
            }
        }
        String label = String.format("%s complexity %d (digital silence %d)%s, directive %s", side, complexity, silenceComplexity, wideband ? " wideband" : "", directive);
        System.out.printf("%s (%s)%n", label, answer);
        long bytes = 0;
        int coded = 0;
        try (OpusEncoder encoder = new OpusEncoder(true, complexity, silenceComplexity, wideband ? SoundBand.WIDE : SoundBand.FULL); SlotDecoder decoder = new SlotDecoder()) {
            int window = 0;
            int windowStart = 0;
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getThreadAllocatedBytes(self);
            long[] jit0 = compilerCpuNanos();
            for (int frame = 0; frame < seconds * FRAMES_PER_SECOND; frame++) {
                if (side.equals("encode")) {
                    TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                    byte[] opus = encoder.encode(pcm);
                    if (opus != null) {
                        bytes += opus.length;
                        coded++;
                    }
                } else {
                    byte[] opus = packets.get(frame);
                    long timestamp = (long) frame * OpusRtp.FRAME_SAMPLES;
                    decoder.render(opus == null
                            ? new AudioJitterBuffer.Silence(timestamp, OpusRtp.FRAME_SAMPLES)
                            : new AudioJitterBuffer.Packet(timestamp, OpusRtp.FRAME_SAMPLES, opus));
                }
                if (pauseNanos > 0) LockSupport.parkNanos(pauseNanos);
                int second = (frame + 1) / FRAMES_PER_SECOND;
                boolean last = frame + 1 == seconds * FRAMES_PER_SECOND;
                if ((frame + 1) % FRAMES_PER_SECOND == 0 && (last || (window < WINDOW_ENDS.length && second == WINDOW_ENDS[window]))) {
                    long cpu = threads.getCurrentThreadCpuTime();
                    long alloc = threads.getThreadAllocatedBytes(self);
                    long[] jit = compilerCpuNanos();
                    double span = second - windowStart;
                    System.out.printf(
                            "  %3d-%3d s: %s %.2f points of a core (%.0f us/frame), C1 %.2f, C2 %.2f, sum %.2f; %.1f MB allocated%n",
                            windowStart, second, side, (cpu - cpu0) / 1e7 / span, (cpu - cpu0) / 1e3 / (span * FRAMES_PER_SECOND),
                            (jit[0] - jit0[0]) / 1e7 / span, (jit[1] - jit0[1]) / 1e7 / span,
                            (cpu - cpu0 + jit[0] - jit0[0] + jit[1] - jit0[1]) / 1e7 / span, (alloc - alloc0) / 1e6);
                    cpu0 = cpu;
                    alloc0 = alloc;
                    jit0 = jit;
                    windowStart = second;
                    window++;
                }
            }
        }
        if (side.equals("encode")) {
            System.out.printf("  coded frames %d of %d, %.1f bytes a coded frame%n", coded, seconds * FRAMES_PER_SECOND, (double) bytes / coded);
        }
    }

    /** CPU time (user + system) of the JIT's C1 and C2 threads so far, in ns (clock ticks of 10 ms). */
    private static long[] compilerCpuNanos() throws IOException {
        long[] nanos = new long[2];
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // a thread that ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                if (name.startsWith("C1 Compiler")) nanos[0] += ticks * 10_000_000L;
                if (name.startsWith("C2 Compiler")) nanos[1] += ticks * 10_000_000L;
            }
        }
        return nanos;
    }
}
