package io.p2pcam.viewer.engine.audio;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The {@link AudioPlayer}'s time, and how its thread waits for a slot's time and is woken sooner
 * by a packet. {@link #SYSTEM} is the real one (System.nanoTime, LockSupport); a test passes one
 * whose time it moves itself, so that what the player does at each instant does not depend on how
 * busy the machine is.
 *
 * <p>Thread-safety: {@link #nowMillis} and {@link #wake} from any thread, {@link #park} from the
 * player's.
 */
interface PlayerClock {
    /** Now, in milliseconds of a clock that only goes forward. */
    long nowMillis();

    /**
     * Parks the calling thread for up to {@code millis}, or until {@link #wake}: a wake before it
     * makes it return at once (LockSupport's permit). May return early for no reason.
     */
    void park(long millis);

    /** Wakes {@code player} parked in {@link #park}, or makes its next park return at once. */
    void wake(Thread player);

    PlayerClock SYSTEM = new PlayerClock() {
        @Override
        public long nowMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
        }

        @Override
        public void park(long millis) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
        }

        @Override
        public void wake(Thread player) {
            LockSupport.unpark(player);
        }
    };
}
