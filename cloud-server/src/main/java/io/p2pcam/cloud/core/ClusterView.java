package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudEvents.ClusterOutcome;
import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.cloud.core.CloudEvents.LookupOutcome;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One node's view of the cameras other nodes of its cluster hold (docs/ADMIN.md, "Running a
 * cluster"): answers LOOKUPs for them from a short cache of the shared registry, and hands their
 * CONNECT_REQUESTs to the node that holds the camera's NAT mapping (only that node's packets get
 * through the camera's NAT), then passes that node's CONNECT_RESULT to the viewer.
 *
 * <p>A request for a camera not in the cache waits here while the registry is read
 * ({@link ClusterCommand.Resolve}), if the {@link RegistryReadBudget} allows the read; at most {@value #MAX_RESOLVING} cameras and
 * {@value #MAX_WAITING_PER_CAMERA} requests each, for {@value #RESOLVE_TIMEOUT_MILLIS} ms, after
 * which they are answered UNAVAILABLE. A request handed to another node is remembered under
 * (viewer, transaction) like {@link ConnectBroker}'s: a retransmission repeats the hand-over (to
 * another holder if the first has left the cluster) or the result. The holding node applies the
 * per-camera cap and the viewer's party cap, so both stay meaningful whichever node a request
 * reaches; this node applies them too before it hands a request over ({@link HandOverCaps}), so
 * that what the holder would drop does not wait here, and hands over no more than its
 * {@link HandOverBudget} allows. Not thread-safe: owned by the core's thread.
 */
final class ClusterView {
    static final long FOUND_CACHE_MILLIS = 5_000;
    static final long MISSING_CACHE_MILLIS = 1_000;
    static final long RESOLVE_TIMEOUT_MILLIS = 2_000;
    static final int MAX_CACHED = 65_536;
    static final int MAX_RESOLVING = 16_384;
    static final int MAX_WAITING_PER_CAMERA = 8;
    /** Beyond the camera's own connect timeout, for the two node hops. */
    static final long HOP_MARGIN_MILLIS = 1_000;
    /** How long a node found unreachable is passed over: the registry's membership lifetime. */
    static final long UNREACHABLE_MILLIS = 5_000;

    private final String self;
    private final CloudConfig config;
    private final RandomGenerator random;
    private final Outbox outbox;
    private final CloudEvents events;
    private final HandOverCaps caps;
    private final CloudPasses passes;
    private final RegistryReadBudget reads;
    private final HandOverBudget handOvers;
    private final ArrayDeque<ClusterCommand> commands = new ArrayDeque<>();
    private Set<String> liveNodes = Set.of();
    /** Nodes a message could not reach (their inbox had no listener): passed over until then, whatever the membership says. */
    private final Map<String, Long> unreachableUntil = new HashMap<>();

    private record Cached(ClusterEntry entry, long until) {}

    private final Map<CameraId, Cached> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CameraId, Cached> eldest) {
            return size() > MAX_CACHED;
        }
    };

    /** A LOOKUP or CONNECT_REQUEST waiting for the registry; {@code passed}: a CONNECT_REQUEST whose pass passed. */
    private record Waiting(Object request, int length, ClientAddress from, boolean passed) {}

    private static final class Resolving {
        final CameraId id;
        final long deadline;
        final List<Waiting> waiting = new ArrayList<>(2);

        Resolving(CameraId id, long deadline) {
            this.id = id;
            this.deadline = deadline;
        }
    }

    private final Map<CameraId, Resolving> resolving = new HashMap<>();
    private final ArrayDeque<Resolving> resolveDeadlines = new ArrayDeque<>();

    private final Map<Long, HandedOver> byExchange = new HashMap<>();
    private final Map<ViewerRequest, HandedOver> byViewer = new HashMap<>();
    private final ArrayDeque<HandedOver> awaiting = new ArrayDeque<>();
    private final ArrayDeque<HandedOver> answered = new ArrayDeque<>();

    ClusterView(
            String self,
            CloudConfig config,
            RandomGenerator random,
            Outbox outbox,
            CloudEvents events,
            CloudPasses passes,
            ClusterLimits limits) {
        this.self = self;
        this.config = config;
        this.random = random;
        this.outbox = outbox;
        this.events = events;
        this.passes = passes;
        this.caps = new HandOverCaps(config, events, random.nextLong());
        this.reads = new RegistryReadBudget(config, limits.registryReads());
        this.handOvers = new HandOverBudget(limits.handOvers());
    }

    String self() {
        return self;
    }

    void command(ClusterCommand command) {
        commands.add(command);
    }

    ClusterCommand poll() {
        return commands.poll();
    }

    /** The nodes whose membership in the registry is current (this one may or may not be among them). */
    void liveNodes(Set<String> nodes) {
        this.liveNodes = Set.copyOf(nodes);
    }

    /**
     * A message to {@code node} found nobody listening (the node died, its membership has not
     * lapsed yet): pass it over for a membership lifetime, and hand what waits on it to another holder.
     */
    void nodeUnreachable(String node, long now) {
        unreachableUntil.put(node, now + UNREACHABLE_MILLIS);
        for (HandedOver remote : List.copyOf(awaiting)) {
            if (!remote.done && remote.holder.equals(node)) {
                handOverAgain(remote, now);
            }
        }
    }

    /** A LOOKUP for a camera this node does not hold (rate already taken). */
    void lookup(Lookup lookup, int length, ClientAddress from, long now) {
        Cached cached = cached(lookup.id(), now);
        if (cached == null) {
            wait(lookup.id(), new Waiting(lookup, length, from, false), now);
            return;
        }
        events.cluster(ClusterOutcome.CACHE_HIT);
        answerLookup(lookup, length, from, cached.entry(), now);
    }

    /** A CONNECT_REQUEST for a camera this node does not hold (rate already taken). */
    void connect(ConnectRequest request, int length, ClientAddress from, long now) {
        HandedOver repeated = byViewer.get(new ViewerRequest(from, request.transaction()));
        if (repeated != null) {
            events.connect(ConnectOutcome.RETRANSMITTED);
            if (repeated.done) {
                if (repeated.result != null) {
                    outbox.replyEncoded(from, repeated.result, length);
                }
            } else {
                boolean passed = repeated.passesRepeat(request, now);
                if (caps.mayHandOverAgain(repeated.camera, passed, now) && budgeted(passed, now)) {
                    handOverAgain(repeated, now);
                }
            }
            return;
        }
        // The cheap refusals come first: a request its party's quota or the node's table refuses
        // costs a counter probe, never its pass's HMACs, forged or not (invariant 4).
        if (caps.partyFull(from) || tableFull()) {
            return;
        }
        // Then the pass, before the registry (its key comes from the camera's ID), so that a paired
        // viewer's request takes the paired lane of reads a flood cannot spend.
        boolean passed = checkPass(request, now);
        Cached cached = cached(request.id(), now);
        if (cached == null) {
            wait(request.id(), new Waiting(request, length, from, passed), now);
            return;
        }
        events.cluster(ClusterOutcome.CACHE_HIT);
        handOver(request, length, from, cached.entry(), passed, now);
    }

    /** The registry's answer for {@code id} (null: not there, or the registry failed). */
    void resolved(CameraId id, ClusterEntry entry, boolean failed, long now) {
        events.cluster(failed ? ClusterOutcome.RESOLVE_FAILED : ClusterOutcome.RESOLVED);
        if (!failed) {
            cache.put(id, new Cached(entry, now + (entry == null ? MISSING_CACHE_MILLIS : FOUND_CACHE_MILLIS)));
        }
        Resolving done = resolving.remove(id);
        if (done == null) {
            return; // timed out meanwhile
        }
        for (Waiting waiting : done.waiting) {
            switch (waiting.request()) {
                case Lookup lookup -> answerLookup(lookup, waiting.length(), waiting.from(), entry, now);
                case ConnectRequest request ->
                    handOver(request, waiting.length(), waiting.from(), entry, waiting.passed(), now);
                default -> throw new IllegalStateException("not a request: " + waiting.request());
            }
        }
    }

    /** The holding node's CONNECT_RESULT for {@code exchange}. */
    void result(long exchange, byte[] result, long now) {
        HandedOver remote = byExchange.get(exchange);
        if (remote == null || remote.done) {
            return; // late or repeated
        }
        events.cluster(ClusterOutcome.RESULT_FROM_NODE);
        if (result.length > remote.requestBytes) {
            events.dropped(DropReason.REPLY_TOO_LARGE);
            finish(remote, null, now);
            return;
        }
        outbox.sendEncoded(remote.request.viewer(), result); // the answer to its request
        finish(remote, result, now);
    }

    long nextDeadline() {
        long next = Long.MAX_VALUE;
        if (!resolveDeadlines.isEmpty()) {
            next = resolveDeadlines.peek().deadline;
        }
        while (!awaiting.isEmpty() && awaiting.peek().done) {
            awaiting.poll();
        }
        if (!awaiting.isEmpty()) {
            next = Math.min(next, awaiting.peek().deadline);
        }
        if (!answered.isEmpty()) {
            next = Math.min(next, answered.peek().keepUntil);
        }
        return next;
    }

    void expire(long now) {
        while (!resolveDeadlines.isEmpty() && resolveDeadlines.peek().deadline <= now) {
            Resolving late = resolveDeadlines.poll();
            if (resolving.get(late.id) == late) {
                resolved(late.id, null, true, now);
            }
        }
        while (!awaiting.isEmpty() && awaiting.peek().deadline <= now) {
            HandedOver remote = awaiting.poll();
            if (!remote.done) {
                events.cluster(ClusterOutcome.NODE_TIMED_OUT);
                events.connect(ConnectOutcome.TIMED_OUT);
                finish(
                        remote,
                        outbox.reply(
                                remote.request.viewer(),
                                ConnectResult.unavailable(remote.request.transaction()),
                                remote.requestBytes),
                        now);
            }
        }
        while (!answered.isEmpty() && answered.peek().keepUntil <= now) {
            HandedOver remote = answered.poll();
            byExchange.remove(remote.exchange);
            byViewer.remove(remote.request);
        }
    }

    /** Forgets the read budget's refilled party buckets; called on a timer. */
    void forgetRefilled(long now) {
        reads.forgetRefilled(now);
    }

    /** Requests handed to other nodes and not answered yet. */
    int awaitingNodes() {
        return byExchange.size() - answered.size();
    }

    private Cached cached(CameraId id, long now) {
        Cached cached = cache.get(id);
        if (cached != null && cached.until() <= now) {
            cache.remove(id);
            return null;
        }
        return cached;
    }

    private void wait(CameraId id, Waiting request, long now) {
        Resolving pending = resolving.get(id);
        if (pending == null) {
            if (resolving.size() >= MAX_RESOLVING) {
                events.dropped(DropReason.PENDING_FULL);
                return;
            }
            if (!reads.tryRead(request.from().address(), request.passed(), now)) {
                events.dropped(DropReason.REGISTRY_READS);
                return;
            }
            pending = new Resolving(id, now + RESOLVE_TIMEOUT_MILLIS);
            resolving.put(id, pending);
            resolveDeadlines.add(pending);
            commands.add(new ClusterCommand.Resolve(id));
        } else if (pending.waiting.size() >= MAX_WAITING_PER_CAMERA
                || pending.waiting.stream().anyMatch(w -> sameRequest(w, request))) {
            return; // a retransmission of a request already waiting, or too many: the viewer repeats
        }
        pending.waiting.add(request);
    }

    private static boolean sameRequest(Waiting a, Waiting b) {
        return a.from().equals(b.from()) && transaction(a.request()) == transaction(b.request());
    }

    private static long transaction(Object request) {
        return switch (request) {
            case Lookup lookup -> lookup.transaction();
            case ConnectRequest connect -> connect.transaction();
            default -> throw new IllegalStateException("not a request: " + request);
        };
    }

    private void answerLookup(Lookup lookup, int length, ClientAddress from, ClusterEntry entry, long now) {
        boolean found = holder(entry, null, now) != null;
        events.lookup(found ? LookupOutcome.FOUND : LookupOutcome.UNAVAILABLE);
        outbox.reply(
                from,
                found
                        ? new LookupResult(lookup.transaction(), entry.key())
                        : LookupResult.unavailable(lookup.transaction()),
                length);
    }

    private void handOver(
            ConnectRequest request, int length, ClientAddress from, ClusterEntry entry, boolean passed, long now) {
        String holder = holder(entry, null, now);
        if (holder == null) {
            events.connect(ConnectOutcome.UNAVAILABLE);
            outbox.reply(from, ConnectResult.unavailable(request.transaction()), length);
            return;
        }
        if (tableFull()) {
            return;
        }
        if (caps.admit(request, passed, from, now) == HandOverCaps.Verdict.REFUSED) {
            return;
        }
        if (!budgeted(passed, now)) {
            caps.released(from);
            return;
        }
        long exchange;
        do {
            exchange = random.nextLong();
        } while (byExchange.containsKey(exchange));
        ViewerRequest key = new ViewerRequest(from, request.transaction());
        HandedOver remote = new HandedOver(
                exchange,
                key,
                request.id(),
                length,
                CloudCodec.encode(request),
                holder,
                now + config.connectTimeout().toMillis() + HOP_MARGIN_MILLIS,
                passed ? passes.verified(request, now) : null);
        byExchange.put(exchange, remote);
        byViewer.put(key, remote);
        awaiting.add(remote);
        send(remote);
    }

    /** Whether the node's table of hand-overs is full (counted): no request is admitted then. */
    private boolean tableFull() {
        if (awaitingNodes() >= config.maxPendingConnects()) {
            events.dropped(DropReason.PENDING_FULL);
            return true;
        }
        return false;
    }

    /** Whether {@code request} presents a cloud pass that passes (§5.3): the outcome is counted as the broker's is. */
    private boolean checkPass(ConnectRequest request, long now) {
        if (!request.pass().present()) {
            return false;
        }
        PassVerdict verdict = passes.check(request, now);
        events.connectPass(verdict);
        return verdict == PassVerdict.PASSED;
    }

    /**
     * Whether the core's budget of hand-overs holds one more now, in the paired viewers' lane too
     * when the request's pass was verified; a refusal is counted.
     */
    private boolean budgeted(boolean passVerified, long now) {
        if (handOvers.tryHandOver(passVerified, now)) {
            return true;
        }
        events.dropped(DropReason.HAND_OVERS);
        return false;
    }

    /** A viewer repeated a request still with another node: hand it over again, to another holder if its first left. */
    private void handOverAgain(HandedOver remote, long now) {
        if (!live(remote.holder, now)) {
            Cached cached = cached(remote.camera, now);
            String other = cached == null ? null : holder(cached.entry(), remote.holder, now);
            if (other == null) {
                return; // nobody to ask now: the deadline answers
            }
            remote.holder = other;
        }
        send(remote);
    }

    private void send(HandedOver remote) {
        events.cluster(ClusterOutcome.CONNECT_SENT_TO_NODE);
        commands.add(new ClusterCommand.ForwardConnect(
                remote.holder,
                remote.camera,
                remote.exchange,
                remote.request.viewer(),
                remote.requestBytes,
                remote.encoded));
    }

    /** The first live node holding the camera, other than this one and {@code not}; null if none. */
    private String holder(ClusterEntry entry, String not, long now) {
        if (entry == null) {
            return null;
        }
        for (String node : entry.nodes()) {
            if (!node.equals(self) && !node.equals(not) && live(node, now)) {
                return node;
            }
        }
        return null;
    }

    private boolean live(String node, long now) {
        Long until = unreachableUntil.get(node);
        if (until != null && until <= now) {
            unreachableUntil.remove(node);
            until = null;
        }
        return until == null && liveNodes.contains(node);
    }

    private void finish(HandedOver remote, byte[] result, long now) {
        caps.released(remote.request.viewer());
        remote.result = result;
        remote.done = true;
        remote.keepUntil = now + ConnectBroker.RESULT_KEPT_MILLIS;
        answered.add(remote);
    }
}
