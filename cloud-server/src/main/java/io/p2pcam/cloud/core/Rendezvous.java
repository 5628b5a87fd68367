package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudEvents.LookupOutcome;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.random.RandomGenerator;

/**
 * The rendezvous cloud as a sans-I/O state machine (docs/PROTOCOL.md §4–§6). Feed it datagrams
 * with the time ({@link #handleDatagram}), take what it wants sent ({@link #pollTransmit}), and
 * wake it at {@link #nextTimeout()} through {@link #handleTimeout}. Time is monotonic
 * milliseconds chosen by the caller; randomness is passed in. Nothing here blocks, logs or throws
 * on bad input: every datagram is either acted on or dropped and counted through {@link CloudEvents}.
 *
 * <p>Not thread-safe: one thread (the UDP channel's event loop) owns an instance.
 */
public final class Rendezvous {
    /** Expiry sweeps run this often, each looking at a slice of the table. */
    static final long SWEEP_PERIOD_MILLIS = 100;
    /** A full sweep of the table takes this many periods (5 s). */
    static final int SWEEP_SLICES = 50;

    private static final long RATE_TABLE_CLEANUP_MILLIS = 10_000;
    private static final int MAX_RATE_SOURCES = 200_000;
    private static final long RELAY_EXPIRY_PERIOD_MILLIS = 1_000;

    private final CloudConfig config;
    private final RandomGenerator random;
    private final CloudEvents events;
    private final RegistrationCookies cookies;
    private final RegistrationTable cameras;
    private final SourceRateLimiter registrationLimiter;
    private final SourceRateLimiter requestLimiter;
    private final Outbox outbox;
    private final ConnectBroker broker;
    private final RelayTable relay;
    private final long expiryMillis;
    private long nextSweep;
    private long nextRateCleanup;
    private long nextRelayExpiry;

    public Rendezvous(CloudConfig config, RandomGenerator random, CloudEvents events, long now) {
        this(config, random, events, now, OwnAddresses.NONE);
    }

    /**
     * @param own the cloud's own addresses: the relay never forwards to or from them
     */
    public Rendezvous(CloudConfig config, RandomGenerator random, CloudEvents events, long now, OwnAddresses own) {
        this.config = config;
        this.random = random;
        this.events = events;
        this.cookies = new RegistrationCookies(random);
        this.cameras = new RegistrationTable(config.maxCameras(), random.nextLong());
        this.registrationLimiter = new SourceRateLimiter(config.registrationRate(), MAX_RATE_SOURCES);
        this.requestLimiter = new SourceRateLimiter(config.requestRate(), MAX_RATE_SOURCES);
        this.outbox = new Outbox(events);
        this.expiryMillis = config.expiry().toMillis();
        this.relay = new RelayTable(config.relay(), random, events, own, outbox);
        this.broker = new ConnectBroker(config, random, cameras, outbox, events, relay);
        this.nextSweep = now + SWEEP_PERIOD_MILLIS;
        this.nextRateCleanup = now + RATE_TABLE_CLEANUP_MILLIS;
        this.nextRelayExpiry = config.relayAvailable() ? now + RELAY_EXPIRY_PERIOD_MILLIS : Long.MAX_VALUE;
    }

    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        events.received(length);
        if (relay.enabled() && RelayFrame.isRelayType(data, offset, length)) {
            relay.handle(data, offset, length, from, now);
            return;
        }
        CloudMessage message;
        try {
            message = CloudCodec.decode(data, offset, length);
        } catch (CloudDecodeException e) {
            events.dropped(DropReason.of(e.reason()));
            return;
        }
        if (message.type().direction() != MessageType.Direction.TO_CLOUD) {
            events.dropped(DropReason.WRONG_DIRECTION);
            return;
        }
        switch (message) {
            case RegisterHello hello -> onHello(hello, length, from, now);
            case Register register -> onRegister(register, length, from, now);
            case Keepalive keepalive -> onKeepalive(keepalive, length, from, now);
            case Lookup lookup -> onLookup(lookup, length, from, now);
            case ConnectRequest request -> onConnectRequest(request, length, from, now);
            case ConnectAnswer answer -> broker.answer(answer, liveSlot(answer.id(), now), from, now);
            default -> events.dropped(DropReason.WRONG_DIRECTION);
        }
    }

    /** The next datagram to send, or null. */
    public Transmit pollTransmit() {
        return outbox.poll();
    }

    /** When {@link #handleTimeout} wants to run next (monotonic millis). */
    public long nextTimeout() {
        return Math.min(Math.min(nextSweep, nextRelayExpiry), broker.nextDeadline());
    }

    public void handleTimeout(long now) {
        if (now >= nextSweep) {
            int slice = cameras.allocatedSlots() / SWEEP_SLICES + 64;
            int expired = cameras.sweep(now - expiryMillis, slice);
            for (int i = 0; i < expired; i++) {
                events.registration(RegistrationOutcome.EXPIRED);
            }
            if (expired > 0) {
                events.camerasOnline(cameras.size());
            }
            nextSweep = now + SWEEP_PERIOD_MILLIS;
        }
        if (now >= nextRateCleanup) {
            registrationLimiter.forgetRefilled(now);
            requestLimiter.forgetRefilled(now);
            nextRateCleanup = now + RATE_TABLE_CLEANUP_MILLIS;
        }
        if (now >= nextRelayExpiry) {
            relay.expire(now);
            nextRelayExpiry = now + RELAY_EXPIRY_PERIOD_MILLIS;
        }
        broker.expire(now);
    }

    /** Relay sessions held now. */
    public int relaySessions() {
        return relay.size();
    }

    /** Cameras registered and not yet expired (expired ones linger until the sweep reaches them, at most 5 s). */
    public int camerasOnline() {
        return cameras.size();
    }

    /** Heap held by the registration table, for the benchmark's bytes-per-camera figure. */
    public long registrationTableBytes() {
        return cameras.footprintBytes();
    }

    private void onHello(RegisterHello hello, int length, InetSocketAddress from, long now) {
        if (!allowed(registrationLimiter, hello.transaction(), from, now)) {
            return;
        }
        outbox.reply(from, new RegisterChallenge(hello.transaction(), cookies.issue(hello.key(), from, now)), length);
        events.registration(RegistrationOutcome.CHALLENGED);
    }

    private void onRegister(Register register, int length, InetSocketAddress from, long now) {
        if (!allowed(registrationLimiter, register.transaction(), from, now)) {
            return;
        }
        switch (cookies.check(
                register.cookie(),
                register.key(),
                from,
                now,
                config.challengeLifetime().toMillis())) {
            case FORGED -> {
                events.dropped(DropReason.BAD_COOKIE);
                return;
            }
            case EXPIRED -> {
                events.dropped(DropReason.COOKIE_EXPIRED);
                outbox.reply(from, new ErrorReply(register.transaction(), ErrorCode.CHALLENGE_EXPIRED), length);
                return;
            }
            case VALID -> {}
        }
        byte[] signed = CloudCodec.registerSignedBytes(
                register.transaction(), register.key(), register.cookie(), register.candidates());
        if (!register.key()
                .verify(signed, 0, signed.length, register.signature().toArray())) {
            events.dropped(DropReason.BAD_SIGNATURE);
            return;
        }
        // Possession of the key is proven: only now may this registration replace an existing one.
        CameraId id = register.key().id();
        int existing = cameras.find(id);
        RegistrationOutcome outcome = existing < 0
                ? RegistrationOutcome.REGISTERED
                : cameras.registeredFrom(existing, from) ? RegistrationOutcome.REFRESHED : RegistrationOutcome.MOVED;
        var token = cookies.token(id, register.cookie());
        if (cameras.put(id, register.key(), token, from, now) < 0) {
            events.dropped(DropReason.TABLE_FULL);
            return;
        }
        events.registration(outcome);
        events.camerasOnline(cameras.size());
        outbox.reply(
                from,
                new Registered(
                        register.transaction(),
                        Candidate.reflexive(from),
                        token,
                        jitteredKeepalive(),
                        (int) expiryMillis,
                        config.relayAvailable() ? Registered.FLAG_RELAY_AVAILABLE : 0),
                length);
    }

    private void onKeepalive(Keepalive keepalive, int length, InetSocketAddress from, long now) {
        int slot = liveSlot(keepalive.id(), now);
        if (slot < 0) {
            events.keepalive(false);
            outbox.reply(from, new ErrorReply(keepalive.transaction(), ErrorCode.NOT_REGISTERED), length);
            return;
        }
        if (!cameras.tokenMatches(slot, keepalive.token())) {
            events.dropped(DropReason.WRONG_TOKEN);
            return;
        }
        if (!cameras.registeredFrom(slot, from)) {
            // The token is right but the address moved (NAT rebinding): the camera must prove its key again.
            events.dropped(DropReason.WRONG_SOURCE);
            outbox.reply(from, new ErrorReply(keepalive.transaction(), ErrorCode.NOT_REGISTERED), length);
            return;
        }
        cameras.touch(slot, now);
        events.keepalive(true);
        outbox.reply(from, new KeepaliveAck(keepalive.transaction(), jitteredKeepalive()), length);
    }

    private void onLookup(Lookup lookup, int length, InetSocketAddress from, long now) {
        if (!allowed(requestLimiter, lookup.transaction(), from, now)) {
            return;
        }
        int slot = liveSlot(lookup.id(), now);
        events.lookup(slot < 0 ? LookupOutcome.UNAVAILABLE : LookupOutcome.FOUND);
        LookupResult result = slot < 0
                ? LookupResult.unavailable(lookup.transaction())
                : new LookupResult(lookup.transaction(), cameras.key(slot));
        outbox.reply(from, result, length);
    }

    private void onConnectRequest(ConnectRequest request, int length, InetSocketAddress from, long now) {
        if (!allowed(requestLimiter, request.transaction(), from, now)) {
            return;
        }
        broker.request(request, length, from, liveSlot(request.id(), now), now);
    }

    /** The slot of a camera whose registration has not expired, or -1 (expired ones are removed on the spot). */
    private int liveSlot(CameraId id, long now) {
        int slot = cameras.find(id);
        if (slot >= 0 && now - cameras.lastSeen(slot) > expiryMillis) {
            cameras.remove(slot);
            events.registration(RegistrationOutcome.EXPIRED);
            events.camerasOnline(cameras.size());
            return -1;
        }
        return slot;
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

    /** The configured interval ±10 %, so that cameras started together do not stay in step. */
    private int jitteredKeepalive() {
        long base = config.keepaliveInterval().toMillis();
        return (int) (base - base / 10 + random.nextLong(base / 5 + 1));
    }
}
