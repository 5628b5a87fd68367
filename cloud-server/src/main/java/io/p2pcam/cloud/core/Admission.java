package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import java.net.InetSocketAddress;

/**
 * Whether a source may have what it asks for now (docs/PROTOCOL.md §6.1): one token bucket per
 * source for registrations (HELLO, REGISTER) and one for requests (LOOKUP, CONNECT_REQUEST, and
 * the answers to KEEPALIVEs that find no registration of theirs). A refusal is dropped and
 * counted, and answered with ERROR RATE_LIMITED at most once a second per bucket. Not thread-safe.
 */
final class Admission {
    private static final int MAX_RATE_SOURCES = 200_000;

    private final SourceRateLimiter registrations;
    private final SourceRateLimiter requests;
    private final Outbox outbox;
    private final CloudEvents events;

    Admission(CloudConfig config, Outbox outbox, CloudEvents events) {
        this.registrations = new SourceRateLimiter(config.registrationRate(), MAX_RATE_SOURCES);
        this.requests = new SourceRateLimiter(config.requestRate(), MAX_RATE_SOURCES);
        this.outbox = outbox;
        this.events = events;
    }

    /** A REGISTER_HELLO or REGISTER. */
    boolean registration(long transaction, InetSocketAddress from, long now) {
        return allowed(registrations, transaction, from, now);
    }

    /** A LOOKUP, a CONNECT_REQUEST, or a reply saying "not registered" to a KEEPALIVE. */
    boolean request(long transaction, InetSocketAddress from, long now) {
        return allowed(requests, transaction, from, now);
    }

    /** Forgets buckets that have refilled; called on a timer. */
    void forgetRefilled(long now) {
        registrations.forgetRefilled(now);
        requests.forgetRefilled(now);
    }

    private boolean allowed(SourceRateLimiter limiter, long transaction, InetSocketAddress from, long now) {
        switch (limiter.acquire(from, now)) {
            case ALLOWED -> {
                return true;
            }
            case REFUSED_TELL_ONCE ->
                outbox.sendEncoded(from, CloudCodec.encode(new ErrorReply(transaction, ErrorCode.RATE_LIMITED)));
            case REFUSED -> {}
        }
        events.dropped(DropReason.RATE_LIMITED);
        return false;
    }
}
