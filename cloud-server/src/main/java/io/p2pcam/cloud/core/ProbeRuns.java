package io.p2pcam.cloud.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.IntUnaryOperator;

/** Linear-probing indexes of {@code int} entries (0: empty) in native memory, shared by the off-heap tables. */
final class ProbeRuns {
    private ProbeRuns() {}

    /**
     * Empties entry {@code i} of {@code index} ({@code length} entries, a power of two) and moves
     * back each later entry of its probe run that may live there (backward-shift deletion, no
     * tombstones, so probe runs never rot).
     *
     * @param home the home position of an entry, before masking
     */
    static void remove(MemorySegment index, int length, int i, IntUnaryOperator home) {
        int mask = length - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int entry = index.getAtIndex(ValueLayout.JAVA_INT, j);
            if (entry == 0) {
                index.setAtIndex(ValueLayout.JAVA_INT, i, 0);
                return;
            }
            int k = home.applyAsInt(entry) & mask;
            boolean staysPut = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!staysPut) {
                index.setAtIndex(ValueLayout.JAVA_INT, i, entry);
                i = j;
            }
        }
    }
}
