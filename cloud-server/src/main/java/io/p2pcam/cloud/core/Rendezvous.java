package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudEvents.LookupOutcome;
import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.function.LongPredicate;
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
    private static final long RELAY_EXPIRY_PERIOD_MILLIS = 1_000;

    private final CloudEvents events;
    private final RegistrationTable cameras;
    private final Admission admission;
    private final Registrar registrar;
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
        this(config, random, events, now, own, Resumption.ephemeral(random));
    }

    /**
     * @param own the cloud's own addresses: the relay never forwards to or from them
     * @param resumption the node secrets and lifetime of resumption tickets (§4.8)
     */
    public Rendezvous(
            CloudConfig config,
            RandomGenerator random,
            CloudEvents events,
            long now,
            OwnAddresses own,
            Resumption resumption) {
        this(config, random, events, now, own, resumption, ticket -> true);
    }

    /**
     * @param own the cloud's own addresses: the relay never forwards to or from them
     * @param resumption the node secrets and lifetime of resumption tickets (§4.8)
     * @param relayTicketOwned which relay tickets this core may hand out: with several cores on one
     *     port, relay datagrams reach the core a ticket hashes to ({@link ShardRouter#ownsTicket})
     */
    public Rendezvous(
            CloudConfig config,
            RandomGenerator random,
            CloudEvents events,
            long now,
            OwnAddresses own,
            Resumption resumption,
            LongPredicate relayTicketOwned) {
        this.events = events;
        this.cameras = new RegistrationTable(config.maxCameras(), random.nextLong());
        this.outbox = new Outbox(events);
        this.admission = new Admission(config, outbox, events);
        CloudPasses passes = new CloudPasses(resumption.passSecret(), resumption.wallOffsetMillis());
        this.registrar = new Registrar(config, random, events, cameras, admission, outbox, resumption, passes);
        this.expiryMillis = config.expiry().toMillis();
        this.relay = new RelayTable(config.relay(), random, events, own, outbox, relayTicketOwned);
        this.broker = new ConnectBroker(config, random, cameras, outbox, events, relay, passes);
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
            case RegisterHello hello -> registrar.hello(hello, length, from, now);
            case Register register -> registrar.register(register, length, from, now);
            case Resume resume -> registrar.resume(resume, length, from, now);
            case Keepalive keepalive ->
                registrar.keepalive(keepalive, length, from, liveSlot(keepalive.id(), now), now);
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

    /**
     * The next REGISTER signature to check, or null. The caller runs {@link SignatureCheck#verify()}
     * wherever it likes (the server: a worker pool) and must hand every check back through
     * {@link #signatureChecked}; until then it counts against the budget of checks in flight.
     */
    public SignatureCheck pollSignatureCheck() {
        return registrar.pollSignatureCheck();
    }

    /** A check taken from {@link #pollSignatureCheck()} that could not be run: dropped as busy. */
    public void signatureCheckAbandoned(SignatureCheck check) {
        registrar.signatureCheckAbandoned(check);
    }

    /** The outcome of a check taken from {@link #pollSignatureCheck()}; the registration completes here. */
    public void signatureChecked(SignatureCheck check, boolean valid, long now) {
        registrar.signatureChecked(check, valid, now);
    }

    /** The node's ticket keys were rotated (docs/PROTOCOL.md §4.8): issue under the first, accept all. */
    public void useTicketKeys(TicketKeys keys) {
        registrar.useTicketKeys(keys);
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
            admission.forgetRefilled(now);
            nextRateCleanup = now + RATE_TABLE_CLEANUP_MILLIS;
        }
        if (now >= nextRelayExpiry) {
            relay.expire(now);
            nextRelayExpiry = now + RELAY_EXPIRY_PERIOD_MILLIS;
        }
        broker.expire(now);
    }

    /** Connect requests awaiting a camera's answer. */
    public int pendingConnects() {
        return broker.awaitingAnswers();
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

    private void onLookup(Lookup lookup, int length, InetSocketAddress from, long now) {
        if (!admission.request(lookup.transaction(), from, now)) {
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
        if (!admission.request(request.transaction(), from, now)) {
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
}
