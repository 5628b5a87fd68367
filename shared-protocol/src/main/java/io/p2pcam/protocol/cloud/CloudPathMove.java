package io.p2pcam.protocol.cloud;

/**
 * Why a client's path to a cloud node moved between UDP and TCP (docs/PROTOCOL.md §3.1). The
 * endpoints act on the reason, not only on the new transport: a viewer asks its next node at once
 * when the node it asked is a round trip further off (refused, unanswered, TCP failed), but not when
 * UDP works again (the node's answer is as near as ever); and a viewer whose node refused it over
 * UDP and then failed over TCP tells its user so instead of a bare timeout.
 */
public enum CloudPathMove {
    /** To TCP: the node refused a request of this client over UDP for rate (ERROR RATE_LIMITED). */
    REFUSED_OVER_UDP(true),
    /** To TCP: the node left this client's requests over UDP unanswered. */
    UNANSWERED_OVER_UDP(true),
    /** Back to UDP: TCP to the node was refused, broke, or left the requests unanswered. */
    TCP_FAILED(false),
    /** Back to UDP: the node answered the client's UDP probe, UDP works again. */
    UDP_WORKS_AGAIN(false);

    private final boolean toTcp;

    CloudPathMove(boolean toTcp) {
        this.toTcp = toTcp;
    }

    /** Whether the new transport is TCP. */
    public boolean toTcp() {
        return toTcp;
    }

    /**
     * Whether the node's answer to what is outstanding there is further off than a round trip on
     * the new path: every move but {@link #UDP_WORKS_AGAIN}, which follows an answer over UDP.
     */
    public boolean answerDelayed() {
        return this != UDP_WORKS_AGAIN;
    }
}
