package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;

/**
 * Which of {@code shards} cores owns a datagram, when one port is served by several event loops
 * (decision 0016). Every cloud message is about one camera, named by its ID (KEEPALIVE, LOOKUP,
 * CONNECT_REQUEST, CONNECT_ANSWER) or by its key (REGISTER_HELLO, REGISTER, RESUME: the ID is the
 * key's hash); a relay datagram names its session's ticket. The owner of a camera is a seeded hash
 * of its ID, so that everything about one camera (registration, cookie checks, pending connects,
 * relay sessions) lives in one single-threaded core, whichever loop the kernel delivered the
 * datagram to; relay tickets are drawn so that they hash to the core that made them
 * ({@link #ownsTicket}). A datagram that names nothing (garbage, unknown types) is handled where
 * it arrived, which drops and counts it.
 *
 * <p>Reads a few bytes at fixed offsets and never decodes: the owning core does that. Immutable
 * and thread-safe.
 */
public final class ShardRouter {
    /** The datagram names no camera or session: handle (drop) it on the loop it arrived on. */
    public static final int ANY = -1;

    private static final int KEY_END = CloudCodec.HEADER_BYTES + CameraPublicKey.BYTES;
    private static final int ID_END = CloudCodec.HEADER_BYTES + CameraId.BYTES;

    private final int shards;
    private final long seed;

    public ShardRouter(int shards, long seed) {
        if (shards < 1) {
            throw new IllegalArgumentException("at least one shard");
        }
        this.shards = shards;
        this.seed = seed;
    }

    public int shards() {
        return shards;
    }

    /** The owning shard of a datagram, or {@link #ANY}. */
    public int shardOf(byte[] data, int offset, int length) {
        if (shards == 1 || length < CloudCodec.HEADER_BYTES) {
            return ANY;
        }
        if ((data[offset] & 0xff) != CloudCodec.MAGIC >>> 8
                || (data[offset + 1] & 0xff) != (CloudCodec.MAGIC & 0xff)
                || (data[offset + 2] & 0xff) != CloudCodec.VERSION) {
            return ANY;
        }
        if (RelayFrame.isRelayType(data, offset, length)) {
            return shardOfTicket(RelayFrame.ticket(data, offset));
        }
        MessageType type = MessageType.fromCode(data[offset + 3] & 0xff);
        return switch (type) {
            case REGISTER_HELLO, REGISTER, RESUME ->
                length < KEY_END
                        ? ANY
                        : shardOf(
                                CameraPublicKey.fromBytes(data, offset + CloudCodec.HEADER_BYTES)
                                        .id()
                                        .toBytes(),
                                0);
            case KEEPALIVE, LOOKUP, CONNECT_REQUEST, CONNECT_ANSWER ->
                length < ID_END ? ANY : shardOf(data, offset + CloudCodec.HEADER_BYTES);
            default -> ANY;
        };
    }

    /** The shard that owns camera {@code id}. */
    public int shardOf(CameraId id) {
        return shardOf(id.toBytes(), 0);
    }

    /** Whether {@code shard} may hand out relay {@code ticket} (relay datagrams are routed by it). */
    public boolean ownsTicket(int shard, long ticket) {
        return shards == 1 || shardOfTicket(ticket) == shard;
    }

    private int shardOfTicket(long ticket) {
        return reduce(ticket);
    }

    /** The first 8 bytes of an ID (a SHA-256 output) mixed with the secret seed. */
    private int shardOf(byte[] id, int at) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | id[at + i] & 0xff;
        }
        return reduce(value);
    }

    private int reduce(long value) {
        long mixed = (value ^ seed) * 0x9E3779B97F4A7C15L;
        mixed ^= mixed >>> 29;
        mixed *= 0xBF58476D1CE4E5B9L;
        mixed ^= mixed >>> 32;
        return (int) Long.remainderUnsigned(mixed, shards);
    }
}
