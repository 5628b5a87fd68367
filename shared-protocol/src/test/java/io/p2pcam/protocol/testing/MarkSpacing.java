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
 *       start the onset is found a frame later: that spacing is one frame longer and the next
 *       one frame shorter;
 *   <li>a new talk <b>spurt</b> restarts the output's time: one spacing per spurt boundary is free.
 * </ul>
 *
 * So each spacing must be the period plus a whole number of frames within {@link #TOLERANCE_SAMPLES},
 * the frames added at most the frames concealed, and the frames removed at most those skipped plus
 * those added back. A mark at another time, or a frame dropped or inserted without being counted,
 * breaks one of these.
 */
public final class MarkSpacing {
    /**
     * How far a mark may be from its place (5 ms): the codec's and onset finder's imprecision (an
     * onset in a frame rebuilt from FEC was found 116 samples off). Less than half a frame, or any
     * spacing would be some whole number of frames from the period.
     */
    public static final int TOLERANCE_SAMPLES = OpusRtp.FRAME_SAMPLES / 4;

    private static final int FRAME = OpusRtp.FRAME_SAMPLES;

    private MarkSpacing() {}

    /**
     * What is wrong with {@code onsets} given the speaker's counts over its {@code spurts} spurts
     * (frames {@code skipped} to catch up, frames {@code concealed}); empty when nothing is.
     */
    public static List<String> problems(List<Integer> onsets, long skipped, long concealed, int spurts) {
        List<Integer> frameShifts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < onsets.size(); i++) {
            int off = onsets.get(i) - onsets.get(i - 1) - TimingMarks.MARK_PERIOD_SAMPLES;
            int frames = Math.round((float) off / FRAME);
            if (Math.abs(off - frames * FRAME) > TOLERANCE_SAMPLES) {
                problems.add("spacing " + (off + TimingMarks.MARK_PERIOD_SAMPLES) + " is no whole number of frames");
            }
            frameShifts.add(frames);
        }
        // The spacings across spurt boundaries are free: leave out the ones that moved most.
        frameShifts.sort(Comparator.comparingInt(Math::abs));
        List<Integer> within = frameShifts.subList(0, Math.max(0, frameShifts.size() - (spurts - 1)));
        long added = within.stream().filter(f -> f > 0).mapToLong(f -> f).sum();
        long removed = within.stream().filter(f -> f < 0).mapToLong(f -> -f).sum();
        if (added > concealed) {
            problems.add(added + " frames more between marks than the " + concealed + " concealed");
        }
        if (removed > skipped + added) {
            problems.add(removed + " frames fewer between marks than the " + skipped + " skipped and " + added
                    + " concealed at a mark's start");
        }
        return problems;
    }
}
