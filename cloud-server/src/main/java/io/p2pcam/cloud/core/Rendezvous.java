package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudEvents.LookupOutcome;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
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
    /** By default a clustered node re-publishes each of its cameras this often (a third of the registry TTL). */
    public static final long PUBLISH_PERIOD_MILLIS = 300_000;
    /** After the registry came back, everything is published again within this many sweep periods (5 s). */
    static final int FAST_PUBLISH_PERIODS = 50;

    /** Expiry sweeps run this often, each looking at a slice of the table. */
    static final long SWEEP_PERIOD_MILLIS = 100;
    /** A full sweep of the table takes this many periods (5 s). */
    static final int SWEEP_SLICES = 50;
    /** Cameras whose failed registry write is remembered for a retry; past this, the retry is a full republish pass. */
    static final int MAX_UNWRITTEN_CAMERAS = 65_536;

    private static final long RATE_TABLE_CLEANUP_MILLIS = 10_000;
    private static final long RELAY_EXPIRY_PERIOD_MILLIS = 1_000;

    private final CloudEvents events;
    private final RegistrationTable cameras;
    private final Admission admission;
    private final Registrar registrar;
    private final Outbox outbox;
    private final ConnectBroker broker;
    private final RelayTable relay;
    private final CloudPasses passes;
    private final long expiryMillis;
    private final RegistrationExpiry expiry;
    /** The LOOKUP or KEEPALIVE being handled, read in place: one reused for every datagram. */
    private final StatelessRequest stateless = new StatelessRequest();

    private long nextSweep;
    private long nextRateCleanup;
    private long nextRelayExpiry;
    private final CloudConfig config;
    private final RandomGenerator random;
    /** Null on a node alone (the default); set by {@link #joinCluster}. */
    private ClusterView cluster;
    /** Keeps the registry current with this core's cameras; null on a node alone. */
    private RegistryPublisher publisher;

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
        this.config = config;
        this.random = random;
        this.cameras = new RegistrationTable(config.maxCameras(), random.nextLong());
        this.outbox = new Outbox(events);
        this.admission = new Admission(config, outbox, events);
        this.passes = new CloudPasses(resumption.passSecret(), resumption.wallOffsetMillis());
        // Keepalive jitter and forward IDs are drawn per datagram: from a buffer, not a DRBG call each.
        RandomGenerator perDatagram = new BufferedRandom(random);
        this.registrar = new Registrar(config, perDatagram, events, cameras, admission, outbox, resumption, passes);
        this.expiryMillis = config.expiry().toMillis();
        this.expiry = new RegistrationExpiry(cameras, events, expiryMillis);
        this.relay = new RelayTable(config.relay(), random, events, own, outbox, relayTicketOwned);
        this.broker = new ConnectBroker(config, perDatagram, cameras, outbox, events, relay, passes);
        this.nextSweep = now + SWEEP_PERIOD_MILLIS;
        this.nextRateCleanup = now + RATE_TABLE_CLEANUP_MILLIS;
        this.nextRelayExpiry = config.relayAvailable() ? now + RELAY_EXPIRY_PERIOD_MILLIS : Long.MAX_VALUE;
    }

    /**
     * Makes this core a node of a cluster named {@code node} in the shared registry (docs/ADMIN.md,
     * "Running a cluster"): registrations are published, refreshed every {@link #PUBLISH_PERIOD_MILLIS}
     * and withdrawn on expiry, and LOOKUPs and CONNECT_REQUESTs for cameras other nodes hold are
     * answered through them ({@link ClusterView}). Call once, before the first datagram. Without
     * it the core is the single node it always was.
     */
    public void joinCluster(String node) {
        joinCluster(node, PUBLISH_PERIOD_MILLIS);
    }

    /** {@link #joinCluster(String)}, re-publishing each camera every {@code publishPeriodMillis}. */
    public void joinCluster(String node, long publishPeriodMillis) {
        joinCluster(node, publishPeriodMillis, null);
    }

    /**
     * {@link #joinCluster(String, long)}, and relaying the connects other nodes hand over: their
     * viewers get a grant for this node's relay at {@code relayAddress} (this node's public address,
     * docs/PROTOCOL.md §7 "Cluster"); null: no relay for them.
     */
    public void joinCluster(String node, long publishPeriodMillis, InetSocketAddress relayAddress) {
        joinCluster(node, publishPeriodMillis, relayAddress, ClusterLimits.defaults());
    }

    /** {@link #joinCluster(String, long, InetSocketAddress)}, within {@code limits} (the admin's). */
    public void joinCluster(
            String node, long publishPeriodMillis, InetSocketAddress relayAddress, ClusterLimits limits) {
        if (publishPeriodMillis < SWEEP_PERIOD_MILLIS * FAST_PUBLISH_PERIODS) {
            throw new IllegalArgumentException("publish period too short: " + publishPeriodMillis + " ms");
        }
        if (cluster != null) {
            throw new IllegalStateException("already in a cluster");
        }
        ClusterView view = new ClusterView(node, config, random, outbox, events, passes, limits);
        this.cluster = view;
        expiry.withdrawFrom(view);
        this.publisher =
                new RegistryPublisher(cameras, view, expiryMillis, publishPeriodMillis, limits.republishPerSecond());
        registrar.tellRegistrationsTo((id, key) -> view.command(new ClusterCommand.Publish(id, key)));
        // Else other nodes would hand its connects here, answered UNAVAILABLE, until the entry expired.
        registrar.tellEvictionsTo(id -> view.command(new ClusterCommand.Withdraw(id)));
        broker.sendClusterCommandsTo(view::command);
        if (relayAddress != null) {
            broker.relayHandedOverConnectsAt(relayAddress);
        }
    }

    /** The next thing a clustered core wants of the registry or another node, or null. */
    public ClusterCommand pollClusterCommand() {
        return cluster == null ? null : cluster.poll();
    }

    /** The registry's answer to a {@link ClusterCommand.Resolve}; {@code entry} null when absent, or when {@code failed}. */
    public void resolved(CameraId id, ClusterEntry entry, boolean failed, long now) {
        cluster().resolved(id, entry == null || !entry.key().id().equals(id) ? null : entry, failed, now);
    }

    /** The nodes whose membership in the registry is current. */
    public void liveNodes(Set<String> nodes) {
        cluster().liveNodes(nodes);
    }

    /**
     * A CONNECT_REQUEST that node {@code origin} received for a camera this node may hold: brokered
     * here (cap per camera, party cap of the viewer, in the lane {@code viewer} came to that node
     * over: decision 0061 §3), the result going back to {@code origin}; {@code size}: the viewer's
     * datagram's.
     */
    public void remoteConnect(String origin, long exchange, ClientAddress viewer, int size, byte[] request, long now) {
        ClusterView view = cluster();
        events.cluster(CloudEvents.ClusterOutcome.CONNECT_FROM_NODE);
        CloudMessage message;
        try {
            message = CloudCodec.decode(request, 0, request.length);
        } catch (CloudDecodeException e) {
            events.dropped(DropReason.of(e.reason()));
            return;
        }
        if (!(message instanceof ConnectRequest connect)) {
            events.dropped(DropReason.WRONG_DIRECTION);
            return;
        }
        int slot = expiry.liveSlot(connect.id(), now);
        if (slot < 0) {
            view.command(new ClusterCommand.Withdraw(connect.id())); // the registry named this node wrongly
        }
        broker.request(connect, size, viewer, slot, now, new ConnectBroker.Origin(origin, exchange));
    }

    /** A message to {@code node} reached nobody: the node is gone, whatever its membership says yet. */
    public void nodeUnreachable(String node, long now) {
        cluster().nodeUnreachable(node, now);
    }

    /** The CONNECT_RESULT for a request this node handed to another as {@code exchange}. */
    public void remoteResult(long exchange, byte[] result, long now) {
        cluster().result(exchange, result, now);
    }

    /**
     * The registry is back (or was emptied, e.g. restarted): publish every registration again
     * within {@link #FAST_PUBLISH_PERIODS} sweep periods, rather than at the refresh pace.
     */
    public void republishAll(long now) {
        cluster();
        publisher.republishAll(now);
    }

    /**
     * The registry refused or never answered {@link ClusterCommand.Publish}es or
     * {@link ClusterCommand.Withdraw}s of {@code ids}, and of more cameras than the edge kept when
     * {@code more} (then the retry is a full republish pass).
     */
    public void registryWritesFailed(List<CameraId> ids, boolean more) {
        cluster();
        publisher.writesFailed(ids, more);
    }

    /**
     * The registry answered a heartbeat and still knows this node: write the cameras whose writes
     * failed meanwhile again, as they stand now (published if live here, withdrawn if not), or
     * all of them when too many failed to remember.
     */
    public void registryAnswered(long now) {
        cluster();
        publisher.registryAnswered(now);
    }

    private ClusterView cluster() {
        if (cluster == null) {
            throw new IllegalStateException("not in a cluster");
        }
        return cluster;
    }

    /**
     * A datagram that came over UDP (its source may be forged): {@link #handleDatagram(byte[], int,
     * int, ClientAddress, long)}. A relay frame, the datagram that comes most often, makes no
     * {@link ClientAddress} of its source: the relay compares it with the side's, kept per side.
     */
    public void handleDatagram(byte[] data, int offset, int length, InetSocketAddress from, long now) {
        events.received(length);
        if (relayed(data, offset, length)) {
            relay.handle(data, offset, length, from, Lane.UDP, now);
        } else {
            handleMessage(data, offset, length, ClientAddress.udp(from), now);
        }
    }

    /**
     * A datagram from {@code from}, over the lane it names: one that came over TCP is charged to its
     * party's TCP budgets, which UDP datagrams (forgeable) never spend (decision 0057), and whatever
     * answers it goes back to {@code from} over that lane (decision 0068). The core may keep {@code
     * from} (a pending connect, a relay side); {@code data} it does not keep.
     */
    public void handleDatagram(byte[] data, int offset, int length, ClientAddress from, long now) {
        events.received(length);
        if (relayed(data, offset, length)) {
            relay.handle(data, offset, length, from.address(), from.lane(), now);
        } else {
            handleMessage(data, offset, length, from, now);
        }
    }

    /** Whether a datagram is the relay's (a FRAME or a RESPONSE, §7) rather than a message of the rendezvous. */
    private boolean relayed(byte[] data, int offset, int length) {
        return relay.enabled() && RelayFrame.isRelayType(data, offset, length);
    }

    private void handleMessage(byte[] data, int offset, int length, ClientAddress from, long now) {
        if (stateless.read(data, offset, length)) {
            if (stateless.type() == MessageType.LOOKUP) {
                onLookup(stateless, from, now);
            } else {
                int slot = expiry.liveSlot(stateless.array(), stateless.idAt(), now);
                registrar.keepalive(stateless, from, slot, now);
            }
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
        // No LOOKUP or KEEPALIVE gets here: every one the codec accepts, the in-place reader answered above.
        switch (message) {
            case RegisterHello hello -> registrar.hello(hello, length, from, now);
            case Register register -> registrar.register(register, length, from, now);
            case Resume resume -> registrar.resume(resume, length, from, now);
            case ConnectRequest request -> onConnectRequest(request, length, from, now);
            case ConnectAnswer answer -> broker.answer(answer, expiry.liveSlot(answer.id(), now), from, now);
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
        long next = Math.min(Math.min(nextSweep, nextRelayExpiry), broker.nextDeadline());
        return cluster == null ? next : Math.min(next, cluster.nextDeadline());
    }

    public void handleTimeout(long now) {
        if (now >= nextSweep) {
            expiry.sweepSlice(now);
            if (cluster != null) {
                publisher.publishSlice(now);
            }
            nextSweep = now + SWEEP_PERIOD_MILLIS;
        }
        if (now >= nextRateCleanup) {
            admission.forgetRefilled(now);
            if (cluster != null) {
                cluster.forgetRefilled(now);
            }
            nextRateCleanup = now + RATE_TABLE_CLEANUP_MILLIS;
        }
        if (now >= nextRelayExpiry) {
            relay.expire(now);
            nextRelayExpiry = now + RELAY_EXPIRY_PERIOD_MILLIS;
        }
        broker.expire(now);
        if (cluster != null) {
            cluster.expire(now);
        }
    }

    /**
     * Counts this core's cameras in {@code known}, the node-wide summary its other cores' event
     * loops read to answer LOOKUPs of unknown IDs themselves. Call before the first datagram.
     */
    public void countCamerasIn(KnownCameras known) {
        cameras.countIn(known);
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

    /** Native memory held by the registration table (outside the heap), for the metrics and the benchmark. */
    public long registrationTableBytes() {
        return cameras.footprintBytes();
    }

    /** Native memory held by the results kept for repeated connect requests, for the metrics. */
    public long connectResultsBytes() {
        return broker.answeredBytes();
    }

    /**
     * A LOOKUP (docs/PROTOCOL.md §5.2), read in place: admitted, looked up, answered FOUND with the key or
     * UNAVAILABLE, without a message or ID object (issue 13 §5 (a)); only a clustered core's miss,
     * which asks the registry, makes the {@link Lookup} it keeps.
     */
    private void onLookup(StatelessRequest lookup, ClientAddress from, long now) {
        long transaction = lookup.transaction();
        if (!admission.request(transaction, from, now)) {
            return;
        }
        int slot = expiry.liveSlot(lookup.array(), lookup.idAt(), now);
        if (slot < 0 && cluster != null) {
            cluster.lookup(lookup.toLookup(), lookup.length(), from, now);
            return;
        }
        events.lookup(slot < 0 ? LookupOutcome.UNAVAILABLE : LookupOutcome.FOUND);
        byte[] answer;
        if (slot < 0) {
            answer = StatelessAnswers.lookupUnavailable(transaction);
        } else {
            answer = StatelessAnswers.lookupFoundWithoutKey(transaction);
            cameras.copyKey(slot, answer, StatelessAnswers.LOOKUP_KEY_OFFSET);
        }
        outbox.replyEncoded(from, answer, lookup.length());
    }

    private void onConnectRequest(ConnectRequest request, int length, ClientAddress from, long now) {
        if (!admission.request(request.transaction(), from, now)) {
            return;
        }
        int slot = expiry.liveSlot(request.id(), now);
        if (slot < 0 && cluster != null) {
            cluster.connect(request, length, from, now);
            return;
        }
        broker.request(request, length, from, slot, now);
    }
}
