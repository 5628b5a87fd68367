package io.p2pcam.runtime;

/**
 * When a transport to the cloud has stopped serving the client: over UDP, when to use TCP instead;
 * over TCP, when to give TCP up and go back to UDP ({@link CloudPath} keeps one of each). After
 * {@value #UNANSWERED_SENDS} requests over at least {@value #UNANSWERED_MILLIS} ms without an
 * answer (UDP blocked, as on some guest and corporate networks; TCP blocked or its connect hung),
 * the newest of them unanswered for {@value #ANSWER_GRACE_MILLIS} ms. A camera whose cloud is
 * simply down also switches; TCP then fails too and it comes back to UDP, so it keeps trying both.
 *
 * <p>The grace is for the cloud's return: the sends of the outage still count, and without it the
 * first request to the returned cloud would move the camera to TCP before its answer could come
 * (the camera then stayed on TCP, and its registration started over there). It is below the
 * shortest retransmission wait (450 ms), so retransmissions alone never hold the switch off.
 * Loop-thread only; times are the runner's monotonic milliseconds.
 */
final class CloudFallback {
    static final int UNANSWERED_SENDS = 3;
    static final long UNANSWERED_MILLIS = 1_400;
    static final long ANSWER_GRACE_MILLIS = 400;

    private int unanswered;
    private long firstUnansweredAt;
    private long lastSentAt;

    void sentToCloud(long now) {
        if (unanswered++ == 0) {
            firstUnansweredAt = now;
        }
        lastSentAt = now;
    }

    void heardFromCloud() {
        unanswered = 0;
    }

    boolean unansweredTooLong(long now) {
        return now >= dueAt();
    }

    /**
     * When {@link #unansweredTooLong} turns true if nothing comes from the cloud meanwhile, or
     * Long.MAX_VALUE while fewer than {@value #UNANSWERED_SENDS} sends are unanswered (the next send
     * is the endpoint's own timeout, and counts then). The runner wakes for it: the endpoint's next
     * retransmission may be seconds away.
     */
    long dueAt() {
        if (unanswered < UNANSWERED_SENDS) {
            return Long.MAX_VALUE;
        }
        return Math.max(firstUnansweredAt + UNANSWERED_MILLIS, lastSentAt + ANSWER_GRACE_MILLIS);
    }
}
