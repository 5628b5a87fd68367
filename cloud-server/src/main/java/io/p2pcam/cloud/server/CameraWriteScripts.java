package io.p2pcam.cloud.server;

/**
 * The Lua scripts by which a node writes a camera's entry (decision 0045): each write carries the
 * node's {@link WriteSequence} number, and Redis applies it only if it is above the number it
 * stores for (camera, node) in the field {@code s:<node>}. A write a dropped connection left in a
 * stopped Redis's socket, run after the node's newer writes over its new connection, so changes
 * nothing. The number is kept after a withdraw, and the entry lives at least a hold's length after
 * it: a stale publish can only run later than that if it was sent longer ago than its hold, and
 * then the hold it writes has ended already (readers ignore it). Lua compares the numbers as
 * doubles, exact below 2^53 (ms × 1000 until the year 2255).
 */
final class CameraWriteScripts {
    private CameraWriteScripts() {}

    /**
     * KEYS[1] the camera's entry; ARGV node, sequence, the entry's lifetime (ms), the hold's end
     * (Unix ms), the camera's public key. 1 if applied, 0 if refused as stale.
     */
    static final String PUBLISH = """
            local stored = redis.call('HGET', KEYS[1], 's:' .. ARGV[1])
            if stored and tonumber(stored) >= tonumber(ARGV[2]) then return 0 end
            redis.call('HSET', KEYS[1], 'key', ARGV[5], 'n:' .. ARGV[1], ARGV[4], 's:' .. ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """;

    /**
     * KEYS[1] the camera's entry; ARGV node, sequence, the entry's lifetime (ms): at least that long
     * after a withdraw the entry keeps the withdraw's number. 1 if applied, 0 if refused as stale.
     */
    static final String WITHDRAW = """
            local stored = redis.call('HGET', KEYS[1], 's:' .. ARGV[1])
            if stored and tonumber(stored) >= tonumber(ARGV[2]) then return 0 end
            redis.call('HDEL', KEYS[1], 'n:' .. ARGV[1])
            redis.call('HSET', KEYS[1], 's:' .. ARGV[1], ARGV[2])
            if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            return 1
            """;
}
