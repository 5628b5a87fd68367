package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.RetransmitSchedule;
import java.util.random.RandomGenerator;

/**
 * The real camera's retry timers ({@link CameraRegistration}, docs/PROTOCOL.md §4.6–§4.7), taken
 * from its own constants so that the generator's cameras cannot drift from it: a request (HELLO,
 * REGISTER, RESUME) is retransmitted with the same transaction after 0.5, 1 and 2 s and given up
 * after its fourth transmission; a KEEPALIVE after its fourth too; a camera that gave up waits 1,
 * 2, 4, then 4 s before a new HELLO. A test drives a {@link CameraRegistration} against these.
 */
final class CameraRetries {
    /** Transmissions of a HELLO, REGISTER or RESUME before backing off. */
    static final int REQUEST_TRANSMISSIONS = CameraRegistration.REQUEST_TRIES;
    /** Retransmissions of an unanswered KEEPALIVE before the registration counts as lost. */
    static final int KEEPALIVE_RETRANSMISSIONS = CameraRegistration.KEEPALIVE_RETRIES;

    private CameraRetries() {}

    /** The wait after a request's transmission number {@code attempt + 1}. */
    static int requestWait(int attempt, RandomGenerator random) {
        return (int) RetransmitSchedule.REQUEST.delay(attempt, random);
    }

    /** The wait before a new HELLO after the camera's failure number {@code failures + 1} since it was registered. */
    static int backOff(int failures, RandomGenerator random) {
        return (int) RetransmitSchedule.REREGISTER.delay(failures, random);
    }

    /** Whether a registration request's retransmission number {@code attempt} is one too many: back off instead. */
    static boolean requestGivenUp(int attempt) {
        return attempt >= REQUEST_TRANSMISSIONS;
    }

    /** Whether a keepalive's retransmission number {@code attempt} is one too many: the registration is lost. */
    static boolean keepaliveGivenUp(int attempt) {
        return attempt > KEEPALIVE_RETRANSMISSIONS;
    }
}
