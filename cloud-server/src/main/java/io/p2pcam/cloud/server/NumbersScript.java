package io.p2pcam.cloud.server;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;

/**
 * The Lua script by which a connection gets its first write number ({@link WriteSequence}), run
 * once at connect: above every number Redis reserved for the node before ({@code
 * p2pcam:node-numbers}, kept by this script and by each heartbeat, {@link MembershipScript}), so
 * above every number the node's earlier connections and processes used, whatever its clock did.
 * It is also at least the node's clock in ms × 1000 (the scale of the previous release's numbers,
 * which a node rolled back to it goes on with). A node with no reservation yet (its first
 * connection with this release: upgraded from the previous one, whose camera writes were numbered
 * by its clock, up to a few seconds past its last heartbeat) starts a margin above its last
 * heartbeat's number. Decision 0045, third amendment.
 *
 * The same script gives a connection more numbers when its writes outrun its heartbeats ({@link
 * WriteSequence#startReserving}), then at least above every number the connection handed out.
 *
 * <p>KEYS[1] {@code p2pcam:node-numbers}, KEYS[2] {@code p2pcam:node-beats}; ARGV node, the lowest
 * first number (the node's clock now in ms × 1000 at connect; above the connection's numbers
 * later), the margin above its last heartbeat (for a node with no reservation yet), how many
 * numbers to reserve. Answers the first number reserved.
 */
final class NumbersScript {
    /**
     * How far above a node's last heartbeat number its first connection with this release starts,
     * at least: 10 s in the previous release's numbers (its clock in ms × 1000), which numbered
     * camera writes up to a few seconds past its last heartbeat (more than a heartbeat period only
     * while heartbeats failed, at most {@link ClusterNode}'s 3 s before it dropped the connection).
     */
    private static final long ABOVE_LAST_HEARTBEAT = 10_000_000;

    private static final String[] KEYS = {RedisRegistry.NODE_NUMBERS, RedisRegistry.NODE_BEATS};

    private NumbersScript() {}

    /**
     * The first write number of {@code node}'s new connection, whose clock says {@code wallMillis}
     * (Unix ms), Redis reserving {@code reservation} numbers from it: blocking, once at connect, by
     * EVAL (after {@link RegistryScripts#load} checked that Redis runs scripts).
     */
    static long firstNumber(RedisCommands<String, byte[]> redis, String node, long wallMillis, long reservation) {
        Long first =
                redis.eval(FIRST, ScriptOutputType.INTEGER, KEYS, arguments(node, atClock(wallMillis), reservation));
        return first;
    }

    /**
     * More numbers for a connection whose writes outran its heartbeats ({@link
     * WriteSequence#startReserving}): the first of {@code reservation} numbers Redis reserves, at
     * least {@code lowest} (above every number the connection has handed out) and above every
     * number it reserved for {@code node} before. Asynchronous, by EVAL (rare: no digest kept).
     */
    static RedisFuture<Long> more(
            RedisAsyncCommands<String, byte[]> redis, String node, long lowest, long reservation) {
        return redis.eval(FIRST, ScriptOutputType.INTEGER, KEYS, arguments(node, lowest, reservation));
    }

    /** The lowest first number at the wall clock {@code wallMillis}: the previous release's scale. */
    static long atClock(long wallMillis) {
        return Math.multiplyExact(wallMillis, 1000);
    }

    private static byte[][] arguments(String node, long lowest, long reservation) {
        return new byte[][] {
            ascii(node),
            ascii(Long.toString(lowest)),
            ascii(Long.toString(ABOVE_LAST_HEARTBEAT)),
            ascii(Long.toString(reservation))
        };
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static final String FIRST = """
            local first = tonumber(redis.call('HGET', KEYS[1], ARGV[1]))
            if not first then
              first = (tonumber(redis.call('HGET', KEYS[2], ARGV[1])) or 0) + tonumber(ARGV[3])
            end
            first = math.max(first, tonumber(ARGV[2]))
            redis.call('HSET', KEYS[1], ARGV[1], string.format('%.0f', first + tonumber(ARGV[4])))
            return first
            """;
}
