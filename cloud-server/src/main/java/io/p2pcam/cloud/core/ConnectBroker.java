package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudEvents.ConnectOutcome;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.ForwardTag;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Brokers connect requests (docs/PROTOCOL.md §5): forwards a viewer's request to the camera, and
 * relays the camera's answer back. The camera's candidates reach the viewer only inside an
 * ACCEPTED result, i.e. only when the camera accepted that viewer.
 *
 * <p>Retransmissions are idempotent: a viewer repeating a request (same address, transport and
 * transaction: one address and port over UDP and over TCP may be two hosts behind one NAT)
 * gets the forward repeated while the camera has not answered, and the same result once it has,
 * for {@value #RESULT_KEPT_MILLIS} ms. Requests awaiting an answer are objects (a camera answers
 * within milliseconds, so few are alive at any time); the results kept for repeats, thousands a
 * second for five seconds, are records outside the heap ({@link AnsweredConnects}). Not thread-safe.
 */
final class ConnectBroker {
    static final long RESULT_KEPT_MILLIS = 5_000;

    private final CloudConfig config;
    private final RandomGenerator random;
    private final RegistrationTable cameras;
    private final Outbox outbox;
    private final CloudEvents events;
    private final RelayTable relay;
    private final CameraConnectCap forwardCap;
    private final CloudPasses passes;
    /** Requests awaiting the camera's answer, by forward ID and by viewer request. */
    private final Map<Long, Pending> byForward = new HashMap<>();

    private final Map<ViewerRequest, Pending> byViewer = new HashMap<>();
    private final ArrayDeque<Pending> awaitingAnswer = new ArrayDeque<>();
    private final AnsweredConnects answered;
    /** Requests still awaiting an answer; {@link #awaitingAnswer} also holds answered ones until their deadline. */
    private int waiting;
    /**
     * Requests awaiting an answer per viewer party, capped by {@link Quotas#pendingConnects}: once
     * for requests that came over UDP and once for those over TCP, so that requests forged in a
     * victim's name (UDP) cannot hold the quota its TCP requests use (decision 0057).
     */
    private final PartyCounts waitingPerUdpParty;

    private final PartyCounts waitingPerTcpParty;

    /**
     * The node of a cluster that received the viewer's request and handed it here (this node holds
     * the camera): the result goes back to it under its {@code exchange}, not to the viewer.
     */
    record Origin(String node, long exchange) {}

    /** Where results for other nodes go (a clustered node's command queue); none by default. */
    private Consumer<ClusterCommand> cluster = command -> {};
    /**
     * This node's public address, named in the grants of connects other nodes hand over (the viewer
     * sends its relay frames here, not to the node it asked); null: no relay for those.
     */
    private InetSocketAddress relayNode;

    private static final class Pending {
        final long forwardId;
        final ViewerRequest request;
        final CameraId camera;
        final int requestBytes;
        /** The forward without its tag, which each send adds under the registration's token then. */
        final byte[] forward;

        final long deadline;
        /** The relay session this pair gets if the camera accepts; null for none. */
        final RelayTable.Offer relayOffer;
        /** The node that handed the request over, or null when the viewer asked this node. */
        final Origin origin;
        /** The cloud pass that passed for the request (null if none did): its retransmissions skip the camera's cap too, a few times. */
        final VerifiedPass verifiedPass;

        boolean done;

        Pending(
                long forwardId,
                ViewerRequest request,
                CameraId camera,
                int requestBytes,
                byte[] forward,
                long deadline,
                RelayTable.Offer relayOffer,
                Origin origin,
                VerifiedPass verifiedPass) {
            this.relayOffer = relayOffer;
            this.origin = origin;
            this.verifiedPass = verifiedPass;
            this.forwardId = forwardId;
            this.request = request;
            this.camera = camera;
            this.requestBytes = requestBytes;
            this.forward = forward;
            this.deadline = deadline;
        }
    }

    ConnectBroker(
            CloudConfig config,
            RandomGenerator random,
            RegistrationTable cameras,
            Outbox outbox,
            CloudEvents events,
            RelayTable relay,
            CloudPasses passes) {
        this.relay = relay;
        this.passes = passes;
        this.config = config;
        this.random = random;
        this.cameras = cameras;
        this.outbox = outbox;
        this.events = events;
        int widthBits = Math.clamp(32 - Integer.numberOfLeadingZeros(config.maxPendingConnects()), 10, 18);
        this.waitingPerUdpParty = new PartyCounts(widthBits, random.nextLong());
        this.waitingPerTcpParty = new PartyCounts(widthBits, random.nextLong());
        this.forwardCap = new CameraConnectCap(random.nextLong());
        this.answered = new AnsweredConnects(random.nextLong());
    }

    void sendClusterCommandsTo(Consumer<ClusterCommand> sink) {
        this.cluster = sink;
    }

    /** Relays connects other nodes hand over, telling their viewers this node's {@code address} (§7, "Cluster"). */
    void relayHandedOverConnectsAt(InetSocketAddress address) {
        this.relayNode = address;
    }

    /** A viewer's request; {@code cameraSlot} is the camera's live registration or -1. */
    void request(ConnectRequest request, int requestBytes, ClientAddress viewer, int cameraSlot, long now) {
        request(request, requestBytes, viewer, cameraSlot, now, null);
    }

    /**
     * A viewer's request, asked here or handed over by {@code origin} (null: asked here), from
     * {@code viewer} (the lane it reached the cloud over included); {@code cameraSlot} is the
     * camera's live registration or -1.
     */
    void request(
            ConnectRequest request, int requestBytes, ClientAddress viewer, int cameraSlot, long now, Origin origin) {
        ViewerRequest key = new ViewerRequest(viewer, request.transaction());
        Pending repeated = byViewer.get(key);
        if (repeated != null) {
            events.connect(ConnectOutcome.RETRANSMITTED);
            if (cameraSlot < 0) {
                return;
            }
            // A repeated forward is a forward: it takes a token of the camera's cap like the first,
            // or repeats would multiply the cap by the repeat rate; the retransmission of a request
            // that passed takes one of its pass's resends instead, while it has any.
            boolean passed = repeated.verifiedPass != null && repeated.verifiedPass.passesRepeat(request, now);
            if (passed || forwardCap.tryForward(request.id(), now)) {
                sendForward(cameraSlot, repeated.forward);
            } else {
                events.dropped(DropReason.CAMERA_CONNECT_CAP);
            }
            return;
        }
        int kept = answered.find(viewer, request.transaction());
        if (kept >= 0) {
            events.connect(ConnectOutcome.RETRANSMITTED);
            byte[] result = answered.result(kept);
            if (result != null) {
                resend(answered.handedOver(kept), viewer, result, requestBytes);
            }
            return;
        }
        if (cameraSlot < 0) {
            events.connect(ConnectOutcome.UNAVAILABLE);
            deliver(origin, request.id(), viewer, ConnectResult.unavailable(request.transaction()), requestBytes);
            return;
        }
        if (waitingPer(viewer.lane()).full(viewer.address(), config.quotas().pendingConnects())) {
            events.dropped(DropReason.PARTY_QUOTA); // one party cannot hold the pending table
            return;
        }
        if (waiting >= config.maxPendingConnects()) {
            events.dropped(DropReason.PENDING_FULL);
            return;
        }
        // A paired viewer's pass lets it past the strangers' cap: strangers cannot delay it (§5.3).
        // The camera's key is read from the table only for a request that presents a pass.
        PassVerdict pass = PassVerdict.NONE;
        if (request.pass().present()) {
            pass = passes.check(request, now);
            events.connectPass(pass);
        }
        if (pass != PassVerdict.PASSED && !forwardCap.tryForward(request.id(), now)) {
            events.dropped(DropReason.CAMERA_CONNECT_CAP);
            return;
        }
        long forwardId = newForwardId();
        List<Candidate> viewerCandidates = new ArrayList<>(CloudCodec.MAX_CANDIDATES);
        viewerCandidates.add(Candidate.reflexive(viewer.address()));
        request.candidates().stream().limit(CloudCodec.MAX_CANDIDATES - 1).forEach(viewerCandidates::add);
        // A viewer that asked another node is told this node's address for its relay frames (decision
        // 0019); without one to tell, it gets no relay.
        RelayTable.Offer relayOffer =
                origin == null || relayNode != null ? relay.offer(request.id(), viewer.address()) : null;
        byte[] forward = CloudCodec.encode(new ConnectForward(
                forwardId,
                viewerCandidates,
                request.handshake(),
                relayOffer == null ? RelayGrant.NONE : relayOffer.cameraGrant()));
        Pending pending = new Pending(
                forwardId,
                key,
                request.id(),
                requestBytes,
                forward,
                now + config.connectTimeout().toMillis(),
                relayOffer,
                origin,
                pass == PassVerdict.PASSED ? passes.verified(request, now) : null);
        byForward.put(forwardId, pending);
        byViewer.put(key, pending);
        awaitingAnswer.add(pending);
        waiting++;
        waitingPer(viewer.lane()).add(viewer.address(), 1);
        sendForward(cameraSlot, forward);
        events.connect(ConnectOutcome.FORWARDED);
    }

    /**
     * Sends the camera {@code untaggedForward}, tagged under its registration's token as it is now
     * (§3.10.10): a repeat after the camera registered again carries the new registration's tag.
     */
    private void sendForward(int cameraSlot, byte[] untaggedForward) {
        byte[] tagged = ForwardTag.seal(untaggedForward, ForwardTag.key(cameras.token(cameraSlot)));
        outbox.sendEncoded(cameras.registeredAt(cameraSlot), tagged);
    }

    /**
     * A camera's answer from {@code from}, not yet authenticated; {@code slot} is the camera's live
     * registration or -1.
     */
    void answer(ConnectAnswer answer, int slot, ClientAddress from, long now) {
        Pending pending = byForward.get(answer.transaction());
        if (pending == null || !pending.camera.equals(answer.id()) || slot < 0) {
            events.dropped(DropReason.UNKNOWN_FORWARD);
            return;
        }
        if (!cameras.tokenMatches(slot, answer.token())) {
            events.dropped(DropReason.WRONG_TOKEN);
            return;
        }
        if (!cameras.registeredFrom(slot, from)) {
            events.dropped(DropReason.WRONG_SOURCE);
            return;
        }
        ConnectResult result;
        if (answer.accept()) {
            List<Candidate> candidates = new ArrayList<>(CloudCodec.MAX_CANDIDATES);
            candidates.add(Candidate.reflexive(cameras.reflexive(slot)));
            answer.candidates().stream().limit(CloudCodec.MAX_CANDIDATES - 1).forEach(candidates::add);
            result = new ConnectResult(
                    pending.request.transaction(), ConnectStatus.ACCEPTED, candidates, answer.handshake());
            // Relaying starts only for a pair the camera accepted, between the addresses this cloud saw.
            RelayTable.Offer offer = pending.relayOffer;
            if (offer != null && relay.open(offer, answer.id(), from, pending.request.viewer(), now)) {
                ConnectResult granted = new ConnectResult(
                        result.transaction(),
                        ConnectStatus.ACCEPTED,
                        candidates,
                        answer.handshake(),
                        pending.origin == null
                                ? offer.viewerGrant()
                                : offer.viewerGrant().at(relayNode));
                if (CloudCodec.encode(granted).length <= pending.requestBytes) {
                    result = granted;
                } else {
                    relay.close(offer.ticket()); // the grant does not fit the request (§6.2): no relay for this pair
                }
            }
            events.connect(ConnectOutcome.ACCEPTED);
        } else {
            result = new ConnectResult(
                    pending.request.transaction(), ConnectStatus.REJECTED, List.of(), answer.handshake());
            events.connect(ConnectOutcome.REJECTED);
        }
        finish(pending, deliver(pending, result), now);
    }

    long nextDeadline() {
        while (!awaitingAnswer.isEmpty() && awaitingAnswer.peek().done) {
            awaitingAnswer.poll(); // answered before its deadline
        }
        long next = answered.nextExpiry();
        if (!awaitingAnswer.isEmpty()) {
            next = Math.min(next, awaitingAnswer.peek().deadline);
        }
        return next;
    }

    void expire(long now) {
        while (!awaitingAnswer.isEmpty() && awaitingAnswer.peek().deadline <= now) {
            Pending pending = awaitingAnswer.poll();
            if (!pending.done) {
                events.connect(ConnectOutcome.TIMED_OUT);
                ConnectResult unavailable = ConnectResult.unavailable(pending.request.transaction());
                finish(pending, deliver(pending, unavailable), now);
            }
        }
        answered.expire(now);
    }

    /** Native memory held by the results kept for repeats ({@link AnsweredConnects}). */
    long answeredBytes() {
        return answered.footprintBytes();
    }

    int awaitingAnswers() {
        return waiting;
    }

    private byte[] deliver(Pending pending, ConnectResult result) {
        return deliver(pending.origin, pending.camera, pending.request.viewer(), result, pending.requestBytes);
    }

    /**
     * The result to the viewer, over the lane its request came on, or to the node that handed the
     * request over (which sends it on); never larger than the viewer's request either way (§6.2).
     *
     * @return the encoded result, or null when it was not sent
     */
    private byte[] deliver(Origin origin, CameraId camera, ClientAddress viewer, ConnectResult result, int bytes) {
        if (origin == null) {
            return outbox.reply(viewer, result, bytes);
        }
        byte[] data = CloudCodec.encode(result);
        if (data.length > bytes) {
            events.dropped(DropReason.REPLY_TOO_LARGE);
            return null;
        }
        cluster.accept(new ClusterCommand.ReturnResult(origin.node(), camera, origin.exchange(), data));
        return data;
    }

    private void resend(AnsweredConnects.HandedOver from, ClientAddress viewer, byte[] result, int requestBytes) {
        if (from == null) {
            outbox.replyEncoded(viewer, result, requestBytes);
        } else {
            Origin origin = from.origin();
            cluster.accept(new ClusterCommand.ReturnResult(origin.node(), from.camera(), origin.exchange(), result));
        }
    }

    /** The request is answered: from now on a repeat of it gets {@code result} again, for a while. */
    private void finish(Pending pending, byte[] result, long now) {
        pending.done = true;
        byForward.remove(pending.forwardId);
        byViewer.remove(pending.request);
        waiting--;
        ClientAddress viewer = pending.request.viewer();
        waitingPer(viewer.lane()).add(viewer.address(), -1);
        AnsweredConnects.HandedOver from =
                pending.origin == null ? null : new AnsweredConnects.HandedOver(pending.origin, pending.camera);
        answered.add(viewer, pending.request.transaction(), result, from, now + RESULT_KEPT_MILLIS);
    }

    private PartyCounts waitingPer(Lane lane) {
        return lane == Lane.TCP ? waitingPerTcpParty : waitingPerUdpParty;
    }

    private long newForwardId() {
        long id;
        do {
            id = random.nextLong();
        } while (byForward.containsKey(id));
        return id;
    }
}
