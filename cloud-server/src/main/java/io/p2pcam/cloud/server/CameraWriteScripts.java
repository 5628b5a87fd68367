package io.p2pcam.cloud.server;

/**
 * The Lua scripts by which a node writes a camera's entry (decision 0045): each write carries the
 * node's {@link WriteSequence} number, and Redis applies it only if it is above the number it
 * stores for (camera, node) in the field {@code s:<node>}. A write a dropped connection left in a
 * stopped Redis's socket, run after the node's newer writes over its new connection, so changes
 * nothing. A withdraw keeps its number in the entry, and the entry alive, as long as such a late
 * publish could still write a hold that has not ended ({@link LateWrites}); past that, or when the
 * node lost no connection lately, a withdraw leaves nothing of its own, and an entry no node holds
 * or guards is deleted. Lua compares the numbers as doubles, exact below 2^53 (ms × 1000 until the
 * year 2255).
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
     * KEYS[1] the camera's entry; ARGV node, sequence, how long (ms) a late publish of this node's
     * could still run and bring back a hold (0: none can). 1 if applied, 0 if refused as stale.
     * What is left of the entry when only the camera's key is (no node's hold, no node's number)
     * is deleted: the key alone serves no reader.
     */
    static final String WITHDRAW = """
            local stored = redis.call('HGET', KEYS[1], 's:' .. ARGV[1])
            if stored and tonumber(stored) >= tonumber(ARGV[2]) then return 0 end
            redis.call('HDEL', KEYS[1], 'n:' .. ARGV[1])
            local guard = tonumber(ARGV[3])
            if guard > 0 then
              redis.call('HSET', KEYS[1], 's:' .. ARGV[1], ARGV[2])
              if redis.call('PTTL', KEYS[1]) < guard then redis.call('PEXPIRE', KEYS[1], guard) end
              return 1
            end
            redis.call('HDEL', KEYS[1], 's:' .. ARGV[1])
            if redis.call('HLEN', KEYS[1]) == 1 and redis.call('HEXISTS', KEYS[1], 'key') == 1 then
              redis.call('DEL', KEYS[1])
            end
            return 1
            """;
}
