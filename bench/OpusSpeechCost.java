import io.p2pcam.media.codec.ConcentusCompilerDirective;
import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.media.codec.OpusWarmUp;
import io.p2pcam.media.codec.SlotDecoder;
import io.p2pcam.media.codec.SoundBand;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * bench/opus-speech-cost.sh's JVM: what one encoder setting costs on speech (every frame coded at
 * the setting's complexity, unlike the marked sound of {@code OpusSettingsCost}, mostly digital
 * silence), once warm: the camera's (encode) or the viewer's (decode) compiler directive and
 * warm-up, WARM passes over the speech, then MEASURED passes timed by this thread's CPU time
 * (ThreadMXBean), a 1 ms pause after each frame. Decode: that setting's packets through the
 * player's SlotDecoder, the frames DTX left out as silence slots.
 *
 * <p>Args: SIDE COMPLEXITY/SILENCE_COMPLEXITY WIDEBAND WARM MEASURED RAW (48 kHz mono 16-bit
 * little-endian PCM).
 */
public class OpusSpeechCost {
    public static void main(String[] args) throws IOException {
        boolean encode = args[0].equals("encode");
        int complexity = Integer.parseInt(args[1].split("/")[0]);
        int silenceComplexity = Integer.parseInt(args[1].split("/")[1]);
        boolean wideband = args[2].equals("1");
        int warm = Integer.parseInt(args[3]);
        int measured = Integer.parseInt(args[4]);
        if (encode) {
            ConcentusCompilerDirective.installForEncoder();
            OpusWarmUp.run();
        } else {
            ConcentusCompilerDirective.install();
            OpusWarmUp.runForViewer();
        }
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[5]))).order(ByteOrder.LITTLE_ENDIAN);
        int samples = OpusRtp.FRAME_SAMPLES;
        short[][] pcm = new short[in.remaining() / 2 / samples][samples];
        for (short[] frame : pcm) {
            for (int i = 0; i < samples; i++) frame[i] = in.getShort();
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<byte[]> packets = new ArrayList<>(); // null: left out (DTX)
        long cpu0 = 0;
        long bytes = 0;
        int coded = 0;
        try (OpusEncoder encoder = new OpusEncoder(true, complexity, silenceComplexity, wideband ? SoundBand.WIDE : SoundBand.FULL);
                SlotDecoder decoder = new SlotDecoder()) {
            if (!encode) {
                for (int pass = 0; pass < warm + measured; pass++) {
                    for (short[] frame : pcm) packets.add(encoder.encode(frame));
                }
            }
            int slot = 0;
            for (int pass = 0; pass < warm + measured; pass++) {
                if (pass == warm) cpu0 = threads.getCurrentThreadCpuTime();
                for (short[] frame : pcm) {
                    if (encode) {
                        byte[] opus = encoder.encode(frame);
                        if (pass >= warm && opus != null) {
                            bytes += opus.length;
                            coded++;
                        }
                    } else {
                        byte[] opus = packets.get(slot);
                        long timestamp = (long) slot * samples;
                        decoder.render(opus == null
                                ? new AudioJitterBuffer.Silence(timestamp, samples)
                                : new AudioJitterBuffer.Packet(timestamp, samples, opus));
                        slot++;
                    }
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
        double micros = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / ((long) pcm.length * measured);
        System.out.printf("%s complexity %s%s: %.0f us/frame, %.2f points of a core over %d frames%s%n", args[0], args[1],
                wideband ? " wideband" : "", micros, micros / 200, pcm.length * measured,
                encode ? String.format("; %d coded, %.1f bytes a coded frame", coded, (double) bytes / coded) : "");
    }
}
