package io.p2pcam.runtime;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * This computer's network at one moment, as {@link NetworkWatcher} reads it: the addresses of its
 * interfaces that are up (loopback left out), and both clocks. Two snapshots tell whether the
 * network came back or changed since the first ({@link #changeSince}), with no I/O: a function of
 * the two.
 *
 * @param addresses {@code interface/address} for every address of every interface that is up
 * @param wallMillis the wall clock ({@link System#currentTimeMillis()})
 * @param monotonicNanos the monotonic clock ({@link System#nanoTime()}), which stands still while the
 *     computer sleeps (Linux's CLOCK_MONOTONIC, macOS's mach_absolute_time) while the wall clock runs on
 */
public record NetworkSnapshot(Set<String> addresses, long wallMillis, long monotonicNanos) {
    /**
     * How far the wall clock may run ahead of the monotonic clock between two snapshots before it
     * counts as a resume from sleep: far above the drift and NTP slewing of a 2 s poll, far below
     * any sleep worth noticing.
     */
    public static final long RESUME_JUMP_MILLIS = 5_000;

    public NetworkSnapshot {
        addresses = Set.copyOf(addresses);
    }

    /**
     * What happened between {@code earlier} and this snapshot that may let a failed connection
     * through now, in words for the log, or empty: an address appeared (a cable plugged, a Wi-Fi
     * joined, a VPN up, a new address from DHCP or IPv6), or the wall clock jumped ahead of the
     * monotonic one (a resume from sleep, after which sessions and NAT mappings are gone even on
     * the same network). Addresses only going away is not such a change: with less network nothing
     * that failed can succeed, and the change that brings a network back comes next.
     */
    public Optional<String> changeSince(NetworkSnapshot earlier) {
        Set<String> appeared = new HashSet<>(addresses);
        appeared.removeAll(earlier.addresses);
        if (!appeared.isEmpty()) {
            return Optional.of("new addresses " + appeared.stream().sorted().toList());
        }
        long wallStep = wallMillis - earlier.wallMillis;
        long monotonicStep = (monotonicNanos - earlier.monotonicNanos) / 1_000_000;
        if (wallStep - monotonicStep > RESUME_JUMP_MILLIS) {
            return Optional.of("resumed after about " + (wallStep - monotonicStep) / 1000 + " s asleep");
        }
        return Optional.empty();
    }
}
