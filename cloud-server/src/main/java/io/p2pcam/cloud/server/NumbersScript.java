package io.p2pcam.cloud.server;

import io.lettuce.core.ScriptOutputType;
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
 * <p>KEYS[1] {@code p2pcam:node-numbers}, KEYS[2] {@code p2pcam:node-beats}; ARGV node, the node's
 * clock now in ms × 1000, the margin above its last heartbeat (for a node with no reservation yet), how many numbers to reserve. Answers
 * the connection's first number.
 */
final class NumbersScript {
    /**
     * How far above a node's last heartbeat number its first connection with this release starts,
     * at least: 10 s in the previous release's numbers (its clock in ms × 1000), which numbered
     * camera writes up to a few seconds past its last heartbeat (more than a heartbeat period only
     * while heartbeats failed, at most {@link ClusterNode}'s 3 s before it dropped the connection).
     */
    private static final long ABOVE_LAST_HEARTBEAT = 10_000_000;

    private NumbersScript() {}

    /**
     * The first write number of {@code node}'s new connection, whose clock says {@code wallMillis}
     * (Unix ms): blocking, once at connect, by EVAL (after {@link RegistryScripts#load} checked
     * that Redis runs scripts).
     */
    static long firstNumber(RedisCommands<String, byte[]> redis, String node, long wallMillis) {
        Long first = redis.eval(
                FIRST,
                ScriptOutputType.INTEGER,
                new String[] {RedisRegistry.NODE_NUMBERS, RedisRegistry.NODE_BEATS},
                ascii(node),
                ascii(Long.toString(Math.multiplyExact(wallMillis, 1000))),
                ascii(Long.toString(ABOVE_LAST_HEARTBEAT)),
                ascii(Long.toString(WriteSequence.RESERVED_AHEAD)));
        return first;
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
