package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import java.net.InetSocketAddress;

/**
 * Whether a source may have what it asks for now (docs/PROTOCOL.md §6.1): token buckets for
 * registrations (HELLO, REGISTER) and for requests (LOOKUP, CONNECT_REQUEST, and the answers to
 * KEEPALIVEs that find no registration of theirs), per party at every {@link Party} level: the
 * IPv4 address or IPv6 /64, and for IPv6 also the /56 and the /48, whose buckets are
 * {@link Quotas#rateFactor56} and {@link Quotas#rateFactor48} times larger. A message needs a
 * token at every level. A refusal is dropped and counted, and answered with ERROR RATE_LIMITED at
 * most once a second per bucket. Not thread-safe.
 */
final class Admission {
    private static final int MAX_RATE_SOURCES = 200_000;

    private final SourceRateLimiter[] registrations;
    private final SourceRateLimiter[] requests;
    private final Outbox outbox;
    private final CloudEvents events;

    Admission(CloudConfig config, Outbox outbox, CloudEvents events) {
        this.registrations = levels(config.registrationRate(), config.quotas());
        this.requests = levels(config.requestRate(), config.quotas());
        this.outbox = outbox;
        this.events = events;
    }

    private static SourceRateLimiter[] levels(CloudConfig.RateLimit rate, Quotas quotas) {
        return new SourceRateLimiter[] {
            new SourceRateLimiter(rate, MAX_RATE_SOURCES),
            new SourceRateLimiter(scaled(rate, quotas.rateFactor56()), MAX_RATE_SOURCES),
            new SourceRateLimiter(scaled(rate, quotas.rateFactor48()), MAX_RATE_SOURCES)
        };
    }

    private static CloudConfig.RateLimit scaled(CloudConfig.RateLimit rate, double factor) {
        return new CloudConfig.RateLimit(
                rate.perSecond() * factor, (int) Math.min(Integer.MAX_VALUE, Math.ceil(rate.burst() * factor)));
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
        for (int level = 0; level < Party.LEVELS; level++) {
            registrations[level].forgetRefilled(now);
            requests[level].forgetRefilled(now);
        }
    }

    /**
     * Takes a token at each level, narrowest first: one source over its own rate is refused at
     * its /64 and leaves the buckets it shares with its neighbours untouched.
     */
    private boolean allowed(SourceRateLimiter[] limiters, long transaction, InetSocketAddress from, long now) {
        for (int level = 0; level < Party.LEVELS; level++) {
            if (!Party.hasLevel(from, level)) {
                continue;
            }
            switch (limiters[level].acquire(Party.key(from, level), now)) {
                case ALLOWED -> {
                    continue;
                }
                case REFUSED_TELL_ONCE ->
                    outbox.sendEncoded(from, CloudCodec.encode(new ErrorReply(transaction, ErrorCode.RATE_LIMITED)));
                case REFUSED -> {}
            }
            events.dropped(DropReason.RATE_LIMITED);
            return false;
        }
        return true;
    }
}
