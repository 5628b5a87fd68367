package io.p2pcam.runtime;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.identity.CameraId;
import java.util.random.RandomGenerator;

/**
 * Whether UDP to the cloud works again, asked while a client is on TCP (docs/PROTOCOL.md §3.1): every
 * {@value #INTERVAL_MILLIS} ms a LOOKUP of a random camera ID goes over UDP, which the cloud answers
 * (not found) without keeping anything; its answer, told by its unpredictable transaction ID, means
 * UDP is back. Without it a client that moved to TCP for a passing reason (the cloud's own outage,
 * a flood it shed, a network that blocked UDP for a while) stayed on TCP for good, one of the
 * cloud's capped TCP connections each. Not while relay frames flow: moving would make the relayed
 * side prove its new address first (§7), a gap in a live stream. Sans I/O; loop-thread only.
 */
final class UdpReturnProbe {
    static final long INTERVAL_MILLIS = 60_000;
    /** Relay frames this recent hold the probe off. */
    static final long RELAY_QUIET_MILLIS = 10_000;

    private final RandomGenerator random;
    private long dueAt = Long.MAX_VALUE;
    private long lastRelayAt = Long.MIN_VALUE / 2;
    private long transaction;
    private boolean outstanding;
    private boolean answered;

    /** {@code random} draws the transaction IDs: a spoofer who guessed one could move the client. */
    UdpReturnProbe(RandomGenerator random) {
        this.random = random;
    }

    /** The client is on TCP from now: the first probe is due in an interval. */
    void start(long now) {
        dueAt = now + INTERVAL_MILLIS;
        outstanding = false;
        answered = false;
    }

    /** The client is on UDP: no probes. */
    void stop() {
        dueAt = Long.MAX_VALUE;
        outstanding = false;
        answered = false;
    }

    void relaySent(long now) {
        lastRelayAt = now;
    }

    /** The LOOKUP to send over UDP now, or null if none is due. */
    byte[] due(long now) {
        if (now < dueAt) {
            return null;
        }
        dueAt = now + INTERVAL_MILLIS;
        if (now - lastRelayAt < RELAY_QUIET_MILLIS) {
            return null;
        }
        byte[] id = new byte[CameraId.BYTES];
        random.nextBytes(id);
        transaction = random.nextLong();
        outstanding = true;
        return CloudCodec.encode(new Lookup(transaction, CameraId.fromBytes(id)));
    }

    /**
     * Whether a datagram the cloud sent over UDP answers the probe (then it is the probe's, not the
     * endpoint's). Anything else from the cloud over UDP (an answer to a request sent before the
     * move) proves nothing about UDP now.
     */
    boolean isAnswer(byte[] data, int offset, int length) {
        if (!outstanding) {
            return false;
        }
        CloudMessage message;
        try {
            message = CloudCodec.decode(data, offset, length);
        } catch (CloudDecodeException e) {
            return false;
        }
        if (message.transaction() != transaction) {
            return false;
        }
        outstanding = false;
        answered = true;
        return true;
    }

    /** Whether the cloud answered over UDP since the client went to TCP. */
    boolean answered() {
        return answered;
    }
}
