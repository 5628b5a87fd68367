package io.p2pcam.runtime;

/**
 * When to stop trying the cloud over UDP and use TCP instead: after {@value #UNANSWERED_SENDS}
 * datagrams to the cloud over at least {@value #UNANSWERED_MILLIS} ms without a single datagram
 * from it (UDP blocked, as on some guest and corporate networks). A camera whose cloud is simply
 * down also switches; TCP then fails too and it comes back to UDP, so it keeps trying both.
 * Loop-thread only; times are the runner's monotonic milliseconds.
 */
final class CloudFallback {
    static final int UNANSWERED_SENDS = 3;
    static final long UNANSWERED_MILLIS = 1_400;

    private int unanswered;
    private long firstUnansweredAt;

    void sentToCloud(long now) {
        if (unanswered++ == 0) {
            firstUnansweredAt = now;
        }
    }

    void heardFromCloud() {
        unanswered = 0;
    }

    boolean shouldUseTcp(long now) {
        return unanswered >= UNANSWERED_SENDS && now - firstUnansweredAt >= UNANSWERED_MILLIS;
    }
}
