import io.p2pcam.media.codec.OpusEncoder;
import io.p2pcam.media.codec.SoundBand;
import io.p2pcam.media.codec.SlotDecoder;
import io.p2pcam.protocol.audio.AudioJitterBuffer;
import io.p2pcam.protocol.audio.OpusRtp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * bench/opus-quality.sh's JVM: a sound (48 kHz mono 16-bit little-endian raw PCM) through the
 * product's encoder at one setting (DTX on, as the camera) and the viewer's SlotDecoder as its
 * player renders the slots: a packet decoded, a lost packet whose successor came rebuilt from that
 * one's in-band FEC, one without concealed, a frame DTX left out concealed as a gap. Writes the
 * sound played, sample for sample in time with the input, as IN.SEED.out. Args: COMPLEXITY[/SILENCE_COMPLEXITY
 * of the coded frames of digital silence, else the same] WIDEBAND
 * LOSS_PERCENT SEEDS IN... (random loss, each packet independently; seeds 1..SEEDS).
 */
public class OpusQuality {
    public static void main(String[] args) throws IOException {
        for (int file = 4; file < args.length; file++) {
            for (int seed = 1; seed <= Integer.parseInt(args[3]); seed++) {
                run(args[file], args[file] + "." + seed + ".out", args[0], args[1], args[2], seed);
            }
        }
    }

    private static void run(String inPath, String outPath, String complexityArg, String widebandArg, String lossArg, long seed)
            throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(inPath))).order(ByteOrder.LITTLE_ENDIAN);
        int complexity = Integer.parseInt(complexityArg.split("/")[0]);
        int silenceComplexity = Integer.parseInt(complexityArg.split("/", 2)[complexityArg.contains("/") ? 1 : 0]);
        boolean wideband = widebandArg.equals("1");
        double loss = Double.parseDouble(lossArg) / 100;
        SplittableRandom random = new SplittableRandom(seed);
        int frame = OpusRtp.FRAME_SAMPLES;
        int frames = in.remaining() / 2 / frame;
        List<byte[]> packets = new ArrayList<>(); // null: not sent (DTX)
        List<Boolean> arrived = new ArrayList<>();
        long bytes = 0;
        try (OpusEncoder encoder = new OpusEncoder(true, complexity, silenceComplexity, wideband ? SoundBand.WIDE : SoundBand.FULL)) {
            short[] pcm = new short[frame];
            for (int f = 0; f < frames; f++) {
                for (int i = 0; i < frame; i++) pcm[i] = in.getShort();
                byte[] opus = encoder.encode(pcm);
                packets.add(opus);
                arrived.add(opus != null && random.nextDouble() >= loss);
                if (opus != null) bytes += opus.length;
            }
        }
        ByteBuffer out = ByteBuffer.allocate(frames * frame * 2).order(ByteOrder.LITTLE_ENDIAN);
        int lost = 0, recovered = 0;
        try (SlotDecoder decoder = new SlotDecoder()) {
            for (int f = 0; f < frames; f++) {
                long timestamp = (long) f * frame;
                AudioJitterBuffer.Slot slot;
                if (packets.get(f) == null) {
                    slot = new AudioJitterBuffer.Gap(timestamp, frame);
                } else if (arrived.get(f)) {
                    slot = new AudioJitterBuffer.Packet(timestamp, frame, packets.get(f));
                } else if (f + 1 < frames && arrived.get(f + 1)) {
                    slot = new AudioJitterBuffer.Recovered(timestamp, frame, packets.get(f + 1));
                    lost++;
                    recovered++;
                } else {
                    slot = new AudioJitterBuffer.Lost(timestamp, frame);
                    lost++;
                }
                for (short sample : decoder.render(slot)) out.putShort(sample);
            }
        }
        Files.write(Path.of(outPath), out.array());
        System.out.printf("complexity %s%s loss %s%%: %d frames, %d sent, %.1f kbit/s while sending, %d lost (%d from FEC)%n",
                complexityArg, wideband ? " wideband" : "", lossArg, frames, packets.stream().filter(p -> p != null).count(),
                bytes * 8.0 / Math.max(1, packets.stream().filter(p -> p != null).count()) / 20, lost, recovered);
    }
}
