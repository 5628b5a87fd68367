package io.p2pcam.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** The bitmap window must decide exactly as a plain set of seen counters with the same window rule. */
class ReplayWindowPropertiesTest {

    @Property(tries = 500)
    void agreesWithASetBasedModelNearZero(@ForAll("walksFromZero") List<Long> counters) {
        assertAgreement(counters);
    }

    @Property(tries = 200)
    void agreesWithASetBasedModelNearTheTopOfTheUnsignedRange(@ForAll("walksNearTheTop") List<Long> counters) {
        assertAgreement(counters);
    }

    @Provide
    Arbitrary<List<Long>> walksFromZero() {
        return steps().map(steps -> walk(0, steps));
    }

    @Provide
    Arbitrary<List<Long>> walksNearTheTop() {
        return steps().map(steps -> walk(-20_000L, steps));
    }

    /** Mostly small moves both ways (reordering, duplicates), some window-sized ones, a few huge jumps. */
    private static Arbitrary<List<Long>> steps() {
        Arbitrary<Long> step = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.longs().between(-70, 70)),
                Tuple.of(4, Arbitraries.longs().between(-5_000, 5_000)),
                Tuple.of(1, Arbitraries.longs().between(0, 1L << 20)));
        return step.list().ofMinSize(1).ofMaxSize(400);
    }

    /** A random walk from {@code start} in unsigned space, never crossing 0 or 2^64-1 by wrapping. */
    private static List<Long> walk(long start, List<Long> steps) {
        List<Long> counters = new ArrayList<>();
        long position = start;
        for (long step : steps) {
            long next = position + step;
            boolean wrapped =
                    step > 0 ? Long.compareUnsigned(next, position) < 0 : Long.compareUnsigned(next, position) > 0;
            position = wrapped ? (step > 0 ? -1L : 0L) : next;
            counters.add(position);
        }
        return counters;
    }

    private static void assertAgreement(List<Long> counters) {
        ReplayWindow window = new ReplayWindow();
        Model model = new Model();
        for (long counter : counters) {
            assertThat(window.check(counter))
                    .as("check(%s)", Long.toUnsignedString(counter))
                    .isEqualTo(model.isFresh(counter));
            assertThat(window.checkAndAccept(counter))
                    .as("checkAndAccept(%s)", Long.toUnsignedString(counter))
                    .isEqualTo(model.accept(counter));
        }
    }

    /** The reference: every accepted counter remembered forever, plus the window rule on the highest. */
    private static final class Model {
        private final Set<Long> seen = new HashSet<>();
        private long highest;

        boolean isFresh(long counter) {
            if (counter == -1L || seen.contains(counter)) {
                return false;
            }
            return Long.compareUnsigned(counter, highest) > 0
                    || Long.compareUnsigned(highest - counter, ReplayWindow.WINDOW_SIZE) <= 0;
        }

        boolean accept(long counter) {
            if (!isFresh(counter)) {
                return false;
            }
            seen.add(counter);
            if (Long.compareUnsigned(counter, highest) > 0) {
                highest = counter;
            }
            return true;
        }
    }
}
