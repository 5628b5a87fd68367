package io.p2pcam.runtime;

import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * The addresses where something else answered for a camera ID (a wrong key, a failed handshake),
 * each not chosen for that ID for a while (docs/PROTOCOL.md §10.8): at most {@code capacity}
 * remembered, the oldest forgotten first. Times are {@link System#nanoTime()} values.
 *
 * <p>Not thread-safe: {@link LanFinds}'s owner holds its lock.
 */
final class LanAddressHolds {
    /** An ID claimed at an address. */
    record Claim(CameraId id, InetSocketAddress address) {}

    private final int capacity;
    private final long holdNanos;
    /** Until when each claim is not chosen, the oldest first. */
    private final SequencedMap<Claim, Long> until = new LinkedHashMap<>();

    LanAddressHolds(int capacity, Duration hold) {
        this.capacity = capacity;
        this.holdNanos = hold.toNanos();
    }

    /** Something else answered for {@code id} at {@code address} at {@code now}: held from now on. */
    void hold(CameraId id, InetSocketAddress address, long now) {
        Claim claim = new Claim(id, address);
        until.remove(claim);
        if (until.size() >= capacity) {
            until.pollFirstEntry();
        }
        until.put(claim, now + holdNanos);
    }

    /** The camera answered for {@code id} at {@code address}: no longer held. */
    void release(CameraId id, InetSocketAddress address) {
        until.remove(new Claim(id, address));
    }

    /** Whether {@code id} at {@code address} is held at {@code now}. */
    boolean holds(CameraId id, InetSocketAddress address, long now) {
        Long end = until.get(new Claim(id, address));
        return end != null && end - now > 0;
    }

    /** Forgets the claims whose hold has ended by {@code now}, and returns them. */
    List<Claim> ended(long now) {
        List<Claim> ended = new ArrayList<>();
        for (Iterator<Map.Entry<Claim, Long>> it = until.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Claim, Long> hold = it.next();
            if (hold.getValue() - now <= 0) {
                it.remove();
                ended.add(hold.getKey());
            }
        }
        return ended;
    }
}
