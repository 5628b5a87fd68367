package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.identity.CameraId;
import java.util.ArrayDeque;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A viewer's side of the cloud protocol for one connection (docs/PROTOCOL.md §5), sans I/O:
 * LOOKUP the camera's key and check it against the ID (a lying cloud is caught here), then send
 * the CONNECT_REQUEST with the handshake built for that key, and report how the camera answered.
 * Requests are retransmitted on {@link RetransmitSchedule#REQUEST} until {@code deadline}.
 *
 * <p>If the viewer already knows the camera's key (from an earlier connection) it may skip the
 * lookup: {@link #connectWithKnownKey}. Not thread-safe.
 */
public final class ConnectAttempt {
    public enum Phase {
        LOOKING_UP,
        AWAITING_HANDSHAKE,
        CONNECTING,
        DONE
    }

    private final CameraId camera;
    private final RandomGenerator random;
    private final long deadline;
    private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
    private final ArrayDeque<ConnectAttemptEvent> events = new ArrayDeque<>();
    private Phase phase;
    private long transaction;
    private byte[] outstanding;
    private int attempt;
    private long retransmitAt = Long.MAX_VALUE;

    private ConnectAttempt(CameraId camera, RandomGenerator random, long deadline) {
        this.camera = camera;
        this.random = random;
        this.deadline = deadline;
    }

    /** Starts with a LOOKUP. */
    public static ConnectAttempt lookUp(CameraId camera, RandomGenerator random, long now, long deadline) {
        ConnectAttempt attempt = new ConnectAttempt(camera, random, deadline);
        attempt.phase = Phase.LOOKING_UP;
        attempt.send(new Lookup(random.nextLong(), camera), now);
        return attempt;
    }

    /** Starts straight with the CONNECT_REQUEST, the key being known and checked already. */
    public static ConnectAttempt connectWithKnownKey(
            CameraId camera,
            List<Candidate> candidates,
            Bytes handshake,
            RandomGenerator random,
            long now,
            long deadline) {
        ConnectAttempt attempt = new ConnectAttempt(camera, random, deadline);
        attempt.connect(candidates, handshake, now);
        return attempt;
    }

    /** As {@link #connectWithKnownKey(CameraId, List, Bytes, RandomGenerator, long, long)}, presenting {@code pass}. */
    public static ConnectAttempt connectWithKnownKey(
            CameraId camera,
            List<Candidate> candidates,
            Bytes handshake,
            CloudPass pass,
            RandomGenerator random,
            long now,
            long deadline) {
        ConnectAttempt attempt = new ConnectAttempt(camera, random, deadline);
        attempt.connect(candidates, handshake, pass, now);
        return attempt;
    }

    public Phase phase() {
        return phase;
    }

    /** After {@link ConnectAttemptEvent.KeyFound}: the viewer's candidates and the handshake for that key. */
    public void connect(List<Candidate> candidates, Bytes handshake, long now) {
        connect(candidates, handshake, CloudPass.NONE, now);
    }

    /**
     * As {@link #connect(List, Bytes, long)}, presenting a paired viewer's cloud {@code pass} (§5.3):
     * the request carries the pass id and its tag over the request, so that the cloud lets it past
     * the strangers' cap on this camera. {@link CloudPass#NONE} presents none.
     */
    public void connect(List<Candidate> candidates, Bytes handshake, CloudPass pass, long now) {
        if (phase != null && phase != Phase.AWAITING_HANDSHAKE) {
            throw new IllegalStateException("connect() belongs after KeyFound, not in phase " + phase);
        }
        phase = Phase.CONNECTING;
        ConnectRequest request = new ConnectRequest(random.nextLong(), camera, candidates, handshake);
        if (pass.present()) {
            Bytes tag = CloudPass.tag(pass.key(), CloudCodec.passCoveredBytes(request));
            request = new ConnectRequest(
                    request.transaction(), camera, candidates, handshake, new PassTag(pass.id(), tag));
        }
        send(request, now);
    }

    public void handleMessage(CloudMessage message, long now) {
        if (message.transaction() != transaction || phase == Phase.DONE || phase == Phase.AWAITING_HANDSHAKE) {
            return;
        }
        switch (message) {
            case LookupResult result when phase == Phase.LOOKING_UP -> onLookupResult(result);
            case ConnectResult result
            when phase == Phase.CONNECTING ->
                finish(
                        switch (result.status()) {
                            case ACCEPTED ->
                                new ConnectAttemptEvent.Accepted(
                                        result.candidates(), result.handshake(), result.relay());
                            case REJECTED -> new ConnectAttemptEvent.Rejected(result.handshake());
                            case UNAVAILABLE -> new ConnectAttemptEvent.Unavailable();
                        });
            case ErrorReply error
            when error.code() == ErrorCode.RATE_LIMITED -> finish(new ConnectAttemptEvent.RateLimited());
            default -> {}
        }
    }

    public long nextTimeout() {
        return phase == Phase.DONE || phase == Phase.AWAITING_HANDSHAKE
                ? Long.MAX_VALUE
                : Math.min(retransmitAt, deadline);
    }

    public void handleTimeout(long now) {
        if (phase == Phase.DONE || phase == Phase.AWAITING_HANDSHAKE) {
            return;
        }
        if (now >= deadline) {
            finish(new ConnectAttemptEvent.TimedOut(phase == Phase.LOOKING_UP ? "lookup" : "connect"));
        } else if (now >= retransmitAt) {
            transmits.add(outstanding);
            retransmitAt = now + RetransmitSchedule.REQUEST.delay(++attempt, random);
        }
    }

    /** The outstanding request again, now: the path to the cloud changed, and what went the old way may be lost. */
    public void resend() {
        if (phase == Phase.LOOKING_UP || phase == Phase.CONNECTING) {
            transmits.add(outstanding);
        }
    }

    /** The next datagram for the cloud, or null. */
    public byte[] pollTransmit() {
        return transmits.poll();
    }

    public ConnectAttemptEvent pollEvent() {
        return events.poll();
    }

    private void onLookupResult(LookupResult result) {
        if (!result.found()) {
            finish(new ConnectAttemptEvent.Unavailable());
        } else if (!camera.matches(result.key())) {
            finish(new ConnectAttemptEvent.KeyMismatch(result.key()));
        } else {
            phase = Phase.AWAITING_HANDSHAKE;
            retransmitAt = Long.MAX_VALUE;
            events.add(new ConnectAttemptEvent.KeyFound(result.key()));
        }
    }

    private void send(CloudMessage request, long now) {
        transaction = request.transaction();
        outstanding = CloudCodec.encode(request);
        attempt = 0;
        transmits.add(outstanding);
        retransmitAt = now + RetransmitSchedule.REQUEST.delay(0, random);
    }

    private void finish(ConnectAttemptEvent event) {
        phase = Phase.DONE;
        retransmitAt = Long.MAX_VALUE;
        events.add(event);
    }
}
