package io.p2pcam.loadgen;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the generator counts, from any thread. Per-{@link Phase} counters are attributed to the
 * phase in which the request was <em>sent</em> (it travels in the transaction ID), so that a reply
 * arriving after the measured window still counts for it.
 */
final class LoadCounters {
    /** A counter per phase. */
    static final class PerPhase {
        private final LongAdder[] byPhase = new LongAdder[Phase.values().length];

        PerPhase() {
            for (int i = 0; i < byPhase.length; i++) {
                byPhase[i] = new LongAdder();
            }
        }

        void increment(Phase phase) {
            byPhase[phase.ordinal()].increment();
        }

        long get(Phase phase) {
            return byPhase[phase.ordinal()].sum();
        }

        long total() {
            long sum = 0;
            for (LongAdder adder : byPhase) {
                sum += adder.sum();
            }
            return sum;
        }
    }

    final LongAdder hellosSent = new LongAdder();
    final LongAdder registersSent = new LongAdder();
    final LongAdder resumesSent = new LongAdder();
    /** Registrations completed with a RESUME (a ticket) rather than a signature. */
    final LongAdder resumed = new LongAdder();
    /** Ticket secrets opened with the camera's X25519 key after a signed REGISTER. */
    final LongAdder ticketsOpened = new LongAdder();

    final LongAdder registrations = new LongAdder();
    /** Registration requests given up after their fourth transmission (the camera then backs off). */
    final LongAdder registrationTimeouts = new LongAdder();
    /** Requests sent again unchanged (same transaction): HELLO, REGISTER, RESUME, KEEPALIVE. */
    final LongAdder retransmissions = new LongAdder();
    /** Registrations lost to four unanswered transmissions of a KEEPALIVE. */
    final LongAdder keepalivesLost = new LongAdder();

    final LongAdder reregistrations = new LongAdder();
    final PerPhase keepalivesSent = new PerPhase();
    final PerPhase keepalivesAcked = new PerPhase();
    final PerPhase keepalivesRefused = new PerPhase();
    final PerPhase connectsSent = new PerPhase();
    final PerPhase connectsAccepted = new PerPhase();
    final PerPhase connectsRejected = new PerPhase();
    final PerPhase connectsUnavailable = new PerPhase();
    final PerPhase connectsRefused = new PerPhase();
    final PerPhase connectsTimedOut = new PerPhase();
    final LongAdder connectsLate = new LongAdder();
    final LongAdder connectsSkipped = new LongAdder();
    final LongAdder forwardsAnswered = new LongAdder();
    /** CONNECT_FORWARDs a camera dropped because their tag did not verify (§4.7): the cloud's failures. */
    final LongAdder forwardsUnauthenticated = new LongAdder();

    final LongAdder sendFailures = new LongAdder();
    final LongAdder undecodable = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    final LongAdder unreachable = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** An ERROR reply from the cloud, by what it answered and its code, e.g. "KEEPALIVE/NOT_REGISTERED". */
    void error(Transaction.Kind request, Enum<?> code) {
        errors.computeIfAbsent(
                        (request == null ? "UNKNOWN" : request.name()) + "/" + code.name(), key -> new LongAdder())
                .increment();
    }

    Map<String, Long> errors() {
        Map<String, Long> sorted = new TreeMap<>();
        errors.forEach((key, count) -> sorted.put(key, count.sum()));
        return sorted;
    }
}
