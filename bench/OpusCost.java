import io.p2pcam.media.codec.ConcentusCompilerDirective;
import io.p2pcam.media.codec.OpusDecoder;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * bench/opus-cost.sh's JVM: the steady CPU cost of one 20 ms frame of Concentus, encoding (DTX, the
 * marked sound, as the camera) and decoding (the packets that gave, silences concealed, as the
 * player), after WARM frames of both, on this thread. Args: WARM FRAMES BLOCKS c1|c2 (c1: the
 * viewer's compiler directive first, decision 0036).
 */
public class OpusCost {
    public static void main(String[] args) {
        int warm = Integer.parseInt(args[0]);
        int frames = Integer.parseInt(args[1]);
        int blocks = Integer.parseInt(args[2]);
        if (args[3].equals("c1")) {
            System.out.println("directive: " + ConcentusCompilerDirective.install().answer());
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        short[] pcm = new short[OpusRtp.FRAME_SAMPLES];
        short[] out = new short[OpusRtp.FRAME_SAMPLES];
        List<byte[]> packets = new ArrayList<>(); // null: not sent (DTX)
        try (OpusEncoder encoder = new OpusEncoder(); OpusDecoder decoder = new OpusDecoder()) {
            long start = System.nanoTime();
            for (int frame = 0; frame < warm; frame++) {
                TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                byte[] opus = encoder.encode(pcm);
                if (packets.size() < 1_000) {
                    packets.add(opus);
                }
                if (opus == null) decoder.conceal(out); else decoder.decode(opus, out);
            }
            System.out.printf("%s: warm-up of %d frames %.1f s wall%n", args[3], warm, (System.nanoTime() - start) / 1e9);
            for (int block = 0; block < blocks; block++) {
                long before = threads.getCurrentThreadCpuTime();
                for (int frame = 0; frame < frames; frame++) {
                    TimingMarks.render(pcm, (long) frame * OpusRtp.FRAME_SAMPLES);
                    encoder.encode(pcm);
                }
                long encoded = threads.getCurrentThreadCpuTime();
                for (int frame = 0; frame < frames; frame++) {
                    byte[] opus = packets.get(frame % packets.size());
                    if (opus == null) decoder.conceal(out); else decoder.decode(opus, out);
                }
                long decoded = threads.getCurrentThreadCpuTime();
                double encode = (encoded - before) / 1e3 / frames, decode = (decoded - encoded) / 1e3 / frames;
                System.out.printf("%s block %d: encode %.1f us/frame (%.2f points of a core at 50 frames/s), decode %.1f us/frame (%.2f)%n",
                        args[3], block, encode, encode * 50 / 1e4, decode, decode * 50 / 1e4);
            }
        }
    }
}
