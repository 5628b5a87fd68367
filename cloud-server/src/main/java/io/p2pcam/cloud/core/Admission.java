package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;

/**
 * Whether a source may have what it asks for now (docs/PROTOCOL.md §6.1): token buckets for
 * registrations (HELLO, REGISTER) and for requests (LOOKUP, CONNECT_REQUEST, and the answers to
 * KEEPALIVEs that find no registration of theirs), per party at every {@link Party} level: the
 * IPv4 address or IPv6 /64, and for IPv6 also the /56 and the /48, whose buckets are
 * {@link Quotas#rateFactor56} and {@link Quotas#rateFactor48} times larger ({@link PartyRateLimits}).
 * A message needs a token at every level. Each budget is kept once per {@link Lane}: a datagram's
 * source may be forged, so UDP spends only the UDP lane's and a party flooded in its name over UDP
 * is still served over TCP (decision 0057). A refusal is dropped and counted, and answered with ERROR RATE_LIMITED at
 * most once a second per bucket. Not thread-safe.
 */
final class Admission {
    private static final int MAX_RATE_SOURCES = 200_000;

    private final PartyRateLimits registrations;
    private final PartyRateLimits requests;
    /** The same budgets again for messages that came over TCP (address proven): UDP never spends these. */
    private final PartyRateLimits tcpRegistrations;

    private final PartyRateLimits tcpRequests;
    private final Outbox outbox;
    private final CloudEvents events;

    Admission(CloudConfig config, Outbox outbox, CloudEvents events) {
        this.registrations = new PartyRateLimits(config.registrationRate(), config.quotas(), MAX_RATE_SOURCES);
        this.requests = new PartyRateLimits(config.requestRate(), config.quotas(), MAX_RATE_SOURCES);
        this.tcpRegistrations = new PartyRateLimits(config.registrationRate(), config.quotas(), MAX_RATE_SOURCES);
        this.tcpRequests = new PartyRateLimits(config.requestRate(), config.quotas(), MAX_RATE_SOURCES);
        this.outbox = outbox;
        this.events = events;
    }

    /** A REGISTER_HELLO or REGISTER, charged to {@code lane}'s bucket of the party. */
    boolean registration(long transaction, ClientAddress from, long now) {
        return allowed(from.lane() == Lane.TCP ? tcpRegistrations : registrations, transaction, from, now);
    }

    /** A LOOKUP, a CONNECT_REQUEST, or a reply saying "not registered" to a KEEPALIVE, charged to {@code lane}'s bucket. */
    boolean request(long transaction, ClientAddress from, long now) {
        return allowed(from.lane() == Lane.TCP ? tcpRequests : requests, transaction, from, now);
    }

    /** Forgets buckets that have refilled; called on a timer. */
    void forgetRefilled(long now) {
        registrations.forgetRefilled(now);
        requests.forgetRefilled(now);
        tcpRegistrations.forgetRefilled(now);
        tcpRequests.forgetRefilled(now);
    }

    private boolean allowed(PartyRateLimits limits, long transaction, ClientAddress from, long now) {
        switch (limits.acquire(from.address(), now)) {
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
