import io.p2pcam.camera.audio.AudioLoop;
import io.p2pcam.camera.audio.SyntheticAudioSource;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * bench/audio-loop-cost.sh's JVM: where the camera's audio-loop thread spends its CPU, with the real
 * classes (SyntheticAudioSource, OpusEncoder with DTX, AudioLoop), once the JIT is done (WARM frames
 * first). Per 20 ms frame, CPU time of this thread: (1) back to back: rendering the marked sound,
 * encoding its frames of silence and of sound; (2) paced as a microphone delivers them
 * (SyntheticAudioSource.read waits for each frame): the wait and rendering, then the encoding;
 * (3) the real AudioLoop's thread for SECONDS, handing each packet to a network thread as
 * UdpEndpointRunner.execute does (a queue and Selector.wakeup). Args: WARM SECONDS.
 */
public class AudioLoopCost {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int FRAME = OpusRtp.FRAME_SAMPLES;

    public static void main(String[] args) throws Exception {
        int warm = Integer.parseInt(args[0]);
        int seconds = Integer.parseInt(args[1]);
        short[] pcm = new short[FRAME];
        OpusEncoder encoder = new OpusEncoder();
        for (int frame = 0; frame < warm; frame++) {
            TimingMarks.render(pcm, (long) frame * FRAME);
            encoder.encodeEveryFrame(pcm);
        }
        long before = cpu();
        for (int frame = 0; frame < 50_000; frame++) {
            TimingMarks.render(pcm, (long) frame * FRAME);
        }
        System.out.printf("rendering the marked sound: %.2f us/frame%n", (cpu() - before) / 1e3 / 50_000);
        encode("back to back", encoder, null, 5_000);
        encode("paced (read waits for each frame)", encoder, new SyntheticAudioSource(Clock.systemUTC()), seconds * 50);
        audioLoop(seconds);
        audioLoop(seconds);
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Encodes {@code frames} frames, from {@code source} (paced) or rendered at once; prints the split. */
    private static void encode(String label, OpusEncoder encoder, SyntheticAudioSource source, int frames)
            throws InterruptedException {
        short[] pcm = new short[FRAME];
        long read = 0, silence = 0, sound = 0;
        int silent = 0;
        for (int frame = 0; frame < frames; frame++) {
            long start = cpu();
            long first = source == null ? (long) frame * FRAME : source.read(pcm);
            if (source == null) {
                TimingMarks.render(pcm, first);
            }
            long rendered = cpu();
            boolean quiet = isDigitalSilence(pcm);
            encoder.encodeEveryFrame(pcm);
            long encoded = cpu();
            read += rendered - start;
            if (quiet) {
                silence += encoded - rendered;
                silent++;
            } else {
                sound += encoded - rendered;
            }
        }
        System.out.printf(
                "%s, %d frames: read/render %.1f us/frame; encode %.1f us/frame (silence %.1f x %d, sound %.1f x %d)"
                        + " = %.2f points of a core at 50 frames/s%n",
                label,
                frames,
                read / 1e3 / frames,
                (silence + sound) / 1e3 / frames,
                silence / 1e3 / silent,
                silent,
                sound / 1e3 / (frames - silent),
                frames - silent,
                (read + silence + sound) / 1e3 / frames * 50 / 1e4);
    }

    private static boolean isDigitalSilence(short[] pcm) {
        for (short sample : pcm) {
            if (sample != 0) {
                return false;
            }
        }
        return true;
    }

    /** The real AudioLoop thread for {@code seconds}, each packet handed off as the camera's network thread takes it. */
    private static void audioLoop(int seconds) throws InterruptedException, IOException {
        ConcurrentLinkedQueue<byte[]> tasks = new ConcurrentLinkedQueue<>();
        try (Selector selector = Selector.open();
                AudioLoop loop = new AudioLoop(new SyntheticAudioSource(Clock.systemUTC()), new OpusEncoder())) {
            Thread network = Thread.ofPlatform().daemon().name("network").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        selector.select(1_000);
                    } catch (IOException | java.nio.channels.ClosedSelectorException e) {
                        return;
                    }
                    while (tasks.poll() != null) {
                        // taken, as the network thread takes a task
                    }
                }
            });
            loop.subscribe((opus, firstSample) -> {
                tasks.offer(opus);
                selector.wakeup();
            });
            loop.ensureStarted();
            Thread.sleep(1_000);
            Thread thread = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("audio-loop"))
                    .findFirst()
                    .orElseThrow();
            long cpu0 = THREADS.getThreadCpuTime(thread.threadId()), net0 = THREADS.getThreadCpuTime(network.threadId());
            long frames0 = loop.frames(), wall0 = System.nanoTime();
            Thread.sleep(seconds * 1_000L);
            double wall = (System.nanoTime() - wall0) / 1e9;
            long cpu = THREADS.getThreadCpuTime(thread.threadId()) - cpu0;
            long net = THREADS.getThreadCpuTime(network.threadId()) - net0;
            System.out.printf(
                    "AudioLoop thread over %.0f s (%d packets handed off): %.1f us/frame, %.2f points of a core;"
                            + " the network thread taking them %.2f%n",
                    wall, loop.frames() - frames0, cpu / 1e3 / (wall * 50), cpu / 1e7 / wall, net / 1e7 / wall);
            network.interrupt();
        }
    }
}
