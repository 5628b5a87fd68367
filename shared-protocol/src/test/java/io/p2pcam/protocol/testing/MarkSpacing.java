package io.p2pcam.protocol.testing;

import io.p2pcam.protocol.audio.OpusRtp;
import io.p2pcam.protocol.audio.TimingMarks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Whether the {@link TimingMarks} found in what a speaker played ({@link MarkOnsets}) are where its
 * own report says they must be. A speaker writes every slot it plays, one frame each, in order, so
 * the marks keep their captured spacing ({@link TimingMarks#MARK_PERIOD_SAMPLES}) in its output but
 * for whole frames it reports:
 *
 * <ul>
 *   <li>a frame <b>skipped</b> to catch up (AudioJitterBuffer's skip) is not written: every later
 *       mark comes one frame earlier;
 *   <li>a <b>concealed</b> (lost, late) frame is written in its slot, but if it held a mark's
 *       start the onset is found later, by no whole number of frames: the burst is heard from the
 *       next frame on, faded in by the decoder after its concealment (SlotDecoder's concealment
 *       of the marked sound: 1.6 to 1.8 frames later; a frame rebuilt from FEC or skipped at the
 *       onset moves it by a fraction of a frame too). Such a <b>disturbed</b> onset says nothing
 *       about the frames around it: it is left out, at most one per frame concealed or skipped,
 *       each no more than {@link #MAX_DISTURBANCE_SAMPLES} later than its place (nor earlier than
 *       the frames skipped allow), and the spacings are taken between the onsets left;
 *   <li>a mark whose start <b>and</b> the rest of its burst were concealed is not heard at all: the
 *       decoder's fade-in after the loss stays below the onset finder's threshold (a load-14 run with
 *       2 frames concealed: the mark's first frame silent, the next two at most an eighth of the
 *       burst's amplitude). Such a <b>hidden</b> mark makes one spacing a period longer; at most one
 *       per frame concealed;
 *   <li>a new talk <b>spurt</b> restarts the output's time: one spacing per spurt boundary is free.
 * </ul>
 *
 * So each spacing must be a whole number of periods (one, or more for hidden marks) plus a whole
 * number of frames within {@link #TOLERANCE_SAMPLES}, the frames added plus the marks hidden at most
 * the frames concealed, and the frames removed at most those skipped plus those added back. A mark at another time, or a frame dropped or inserted without being counted,
 * breaks one of these.
 */
public final class MarkSpacing {
    /**
     * How far a mark may be from its place (5 ms): the codec's and onset finder's imprecision (an
     * onset in a frame rebuilt from FEC was found 116 samples off). Less than half a frame, or any
     * spacing would be some whole number of frames from the period.
     */
    public static final int TOLERANCE_SAMPLES = OpusRtp.FRAME_SAMPLES / 4;

    /** How much later than its place a disturbed onset may be found: two frames, and the tolerance. */
    public static final int MAX_DISTURBANCE_SAMPLES = 2 * OpusRtp.FRAME_SAMPLES + TOLERANCE_SAMPLES;

    private static final int FRAME = OpusRtp.FRAME_SAMPLES;
    private static final int PERIOD = TimingMarks.MARK_PERIOD_SAMPLES;
    private static final int FRAMES_PER_PERIOD = PERIOD / FRAME;

    private MarkSpacing() {}

    /**
     * What is wrong with {@code onsets} given the speaker's counts over its {@code spurts} spurts
     * (frames {@code skipped} to catch up, frames {@code concealed}); empty when nothing is: when
     * the onsets left once at most {@code concealed + skipped} disturbed ones are taken out (the
     * fewest that do) keep their spacing.
     */
    public static List<String> problems(List<Integer> onsets, long skipped, long concealed, int spurts) {
        List<String> all = steadyProblems(onsets, 0, skipped, concealed, spurts);
        long mayDisturb = Math.min(concealed + skipped, onsets.size() - 2L);
        for (int size = 1; size <= mayDisturb && !all.isEmpty(); size++) {
            for (long set = (1L << size) - 1; set < 1L << onsets.size(); set = nextWithSameBits(set)) {
                if (disturbedPlausibly(onsets, set, skipped, spurts)
                        && steadyProblems(onsets, set, skipped, concealed, spurts)
                                .isEmpty()) {
                    return List.of();
                }
            }
        }
        return all;
    }

    /**
     * Whether each onset in {@code set} is found no further from its place than a disturbance moves
     * one: measured from the steady onset before it (or, for leading ones, after it), whole periods
     * away; the frames skipped between may bring it earlier (or the later one earlier), but an onset
     * earlier by whole frames only is no disturbance: frames skipped, which must be counted.
     */
    private static boolean disturbedPlausibly(List<Integer> onsets, long set, long skipped, int spurts) {
        if (spurts > 1) {
            return true; // a spurt's restart of the file's time may lie between: no place to measure from
        }
        int firstSteady = Long.numberOfTrailingZeros(~set);
        int steady = -1;
        for (int i = 0; i < onsets.size(); i++) {
            if ((set >> i & 1) == 0) {
                steady = i;
                continue;
            }
            int reference = steady >= 0 ? steady : firstSteady;
            int off = onsets.get(i) - onsets.get(reference) - (i - reference) * PERIOD;
            long earliest = steady >= 0 ? -skipped * FRAME - TOLERANCE_SAMPLES : -TOLERANCE_SAMPLES;
            long latest = steady >= 0 ? MAX_DISTURBANCE_SAMPLES : MAX_DISTURBANCE_SAMPLES + skipped * FRAME;
            int frames = Math.round((float) off / FRAME);
            boolean whole = Math.abs(off - frames * FRAME) <= TOLERANCE_SAMPLES;
            boolean skippedOnly = whole && (steady >= 0 ? -frames : frames) >= 0 && Math.abs(frames) <= skipped;
            if (off < earliest || off > latest || skippedOnly) {
                return false; // a shift of whole frames that skips make is those skips: they must be counted
            }
        }
        return true;
    }

    /** The next larger number with as many bits set (Gosper's hack): the next subset of that size. */
    private static long nextWithSameBits(long set) {
        long lowest = set & -set;
        long ripple = set + lowest;
        return ripple | ((set ^ ripple) >>> 2) / lowest;
    }

    /**
     * The spacings' problems, every onset but the disturbed ones ({@code disturbed}'s bits) taken as
     * found where its frames put it.
     */
    private static List<String> steadyProblems(
            List<Integer> onsets, long disturbed, long skipped, long concealed, int spurts) {
        List<int[]> shifts = new ArrayList<>(); // per spacing: frames moved, marks hidden
        List<String> problems = new ArrayList<>();
        int previous = -1;
        for (int i = 0; i < onsets.size(); i++) {
            if ((disturbed >> i & 1) != 0) {
                continue;
            }
            if (previous < 0) {
                previous = i;
                continue;
            }
            int apart = onsets.get(i) - onsets.get(previous);
            int off = apart - (i - previous) * PERIOD; // the periods of the disturbed onsets between too
            previous = i;
            int frames = Math.round((float) off / FRAME);
            if (Math.abs(off - frames * FRAME) > TOLERANCE_SAMPLES) {
                problems.add("spacing " + apart + " is no whole number of frames");
            }
            // A period or more longer: marks hidden (the nearest whole number of periods), and the rest frames.
            int hidden = Math.max(0, Math.round((float) frames / FRAMES_PER_PERIOD));
            shifts.add(new int[] {frames - hidden * FRAMES_PER_PERIOD, hidden, Math.abs(frames)});
        }
        // The spacings across spurt boundaries are free: leave out the ones that moved most.
        shifts.sort(Comparator.comparingInt(shift -> shift[2]));
        List<int[]> within = shifts.subList(0, Math.max(0, shifts.size() - (spurts - 1)));
        long added = within.stream().filter(f -> f[0] > 0).mapToLong(f -> f[0]).sum();
        long removed =
                within.stream().filter(f -> f[0] < 0).mapToLong(f -> -f[0]).sum();
        long hidden = within.stream().mapToLong(f -> f[1]).sum();
        if (added + hidden > concealed) {
            problems.add(added + " frames more between marks and " + hidden + " marks not heard, more than the "
                    + concealed + " frames concealed");
        }
        if (removed > skipped + added) {
            problems.add(removed + " frames fewer between marks than the " + skipped + " skipped and " + added
                    + " concealed at a mark's start");
        }
        return problems;
    }
}
