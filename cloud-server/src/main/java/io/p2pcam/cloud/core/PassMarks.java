package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraId;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The bounded table of what each cloud pass (camera, pass id) has passed with (docs/PROTOCOL.md
 * §5.3): its newest handshake timestamp (the mark a copy of the request must beat) and its token
 * bucket. Bounded, yet a mark still inside its window keeps protecting whatever the churn
 * (invariant 2, decision 0060):
 *
 * <ul>
 *   <li>a mark is forgotten first once forgetting it changes nothing: its timestamp has left the
 *       window (any copy is stale by its age) and its bucket has filled up again;
 *   <li>one camera tracks at most {@value #MAX_PER_CAMERA} pass ids at once: whoever owns a camera
 *       can make valid passes for any pass id of it, but cannot churn other cameras' marks with it
 *       alone;
 *   <li>when the table is full of fresh marks, the one that would become forgettable soonest is
 *       dropped, and its timestamp raises the floor of its slot (one of {@value #FLOOR_SLOTS}, chosen
 *       by the pass key, which only the pass's holders know): a pass that has no mark must be newer
 *       than its slot's floor, so a dropped mark fails closed (a copy loses its priority; so, for a
 *       while, may a viewer whose mark was dropped, never its admission).
 * </ul>
 *
 * Not thread-safe: owned by the core's thread, as {@link CloudPasses}.
 */
final class PassMarks {
    static final int FLOOR_SLOTS = 1 << 16;
    static final int MAX_PER_CAMERA = 256;

    private final int maxTracked;
    private final int maxPerCamera;

    /** Per pass and camera: at most 16 bytes of key, a bucket and a mark. */
    static final class Mark {
        final Key key;
        final int slot;
        double tokens;
        long refilledAt;
        long newestTimestamp = Long.MIN_VALUE;
        /** When (the core's clock) forgetting this mark changes nothing. */
        long forgettableAt;

        private final long order;

        private Mark(Key key, int slot, double tokens, long now, long order) {
            this.key = key;
            this.slot = slot;
            this.tokens = tokens;
            this.refilledAt = now;
            this.order = order;
        }
    }

    record Key(CameraId camera, long passId) {}

    private final Map<Key, Mark> marks = new HashMap<>();
    private final TreeSet<Mark> bySoonestForgettable =
            new TreeSet<>(Comparator.comparingLong((Mark m) -> m.forgettableAt).thenComparingLong(m -> m.order));
    private final Map<CameraId, Integer> perCamera = new HashMap<>();
    /** Per slot, the newest timestamp among fresh marks ever dropped from it (Long.MIN_VALUE: none). */
    private final long[] floors = new long[FLOOR_SLOTS];

    private long nextOrder;

    /**
     * @param maxTracked marks kept at most
     * @param maxPerCamera pass ids one camera may have marks for at once
     */
    PassMarks(int maxTracked, int maxPerCamera) {
        this.maxTracked = maxTracked;
        this.maxPerCamera = maxPerCamera;
        Arrays.fill(floors, Long.MIN_VALUE);
    }

    /** The mark of {@code key}, or null: forgettable marks are forgotten first. */
    Mark find(Key key, long now) {
        forgetForgettable(now);
        return marks.get(key);
    }

    /** The timestamp a pass in {@code slot} without a mark must be newer than. */
    long floor(int slot) {
        return floors[slot & (FLOOR_SLOTS - 1)];
    }

    /** Whether {@code camera} may have one more mark now (call after {@link #find}). */
    boolean roomFor(CameraId camera) {
        return perCamera.getOrDefault(camera, 0) < maxPerCamera;
    }

    /**
     * A new mark for {@code key} with a full bucket of {@code tokens}, dropping the fresh mark that
     * would be forgettable soonest if the table is full; set it with {@link #passed}.
     */
    Mark add(Key key, int slot, double tokens, long now) {
        if (marks.size() >= maxTracked) {
            Mark dropped = bySoonestForgettable.pollFirst();
            forget(dropped);
            int droppedSlot = dropped.slot & (FLOOR_SLOTS - 1);
            floors[droppedSlot] = Math.max(floors[droppedSlot], dropped.newestTimestamp);
        }
        Mark mark = new Mark(key, slot, tokens, now, nextOrder++);
        marks.put(key, mark);
        perCamera.merge(key.camera(), 1, Integer::sum);
        return mark;
    }

    /** {@code mark} passed with {@code timestamp}; forgetting it changes nothing from {@code forgettableAt}. */
    void passed(Mark mark, long timestamp, long forgettableAt) {
        bySoonestForgettable.remove(mark);
        mark.newestTimestamp = timestamp;
        mark.forgettableAt = forgettableAt;
        bySoonestForgettable.add(mark);
    }

    int size() {
        return marks.size();
    }

    private void forgetForgettable(long now) {
        while (!bySoonestForgettable.isEmpty() && bySoonestForgettable.first().forgettableAt <= now) {
            forget(bySoonestForgettable.pollFirst());
        }
    }

    private void forget(Mark mark) {
        marks.remove(mark.key);
        perCamera.computeIfPresent(mark.key.camera(), (camera, count) -> count == 1 ? null : count - 1);
    }
}
