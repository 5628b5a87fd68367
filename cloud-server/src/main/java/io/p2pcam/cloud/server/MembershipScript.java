package io.p2pcam.cloud.server;

/**
 * The Lua script of a node's heartbeat (docs/ADMIN.md, "Running a cluster"): renews the node's
 * membership, reads everyone's and removes the lapsed ones, in one step. A heartbeat carries the
 * node's {@link WriteSequence} number and renews the membership only if it is above the number
 * Redis keeps for the node in {@code p2pcam:node-beats}: a heartbeat a dropped connection left in
 * a stopped Redis, run after a newer one, would move the membership's end back by up to its lease
 * (decision 0045's amendment). Removing lapsed members in the same step also keeps a member that
 * renewed between another node's read and its removal (HGETALL then HDEL raced so), and removes the
 * lapsed member's number with it. Each heartbeat also moves the node's reservation of numbers on
 * ({@code p2pcam:node-numbers}, {@link NumbersScript}): its connection may number up to {@link
 * WriteSequence#RESERVED_AHEAD} writes past the heartbeat's, and the node's next connection starts
 * above them.
 *
 * <p>KEYS[1] {@code p2pcam:nodes}, KEYS[2] {@code p2pcam:node-beats}, KEYS[3] {@code
 * p2pcam:node-numbers}; ARGV node, sequence, until when (Unix ms) the node is a member, the node's
 * clock now (Unix ms), the lowest number of the node's next connection. Answers {forgotten (1 if
 * the registry did not have the node as a member), the live members...}.
 */
final class MembershipScript {
    private MembershipScript() {}

    static final String HEARTBEAT = """
            local stored = redis.call('HGET', KEYS[2], ARGV[1])
            local answer = {0}
            if not stored or tonumber(stored) < tonumber(ARGV[2]) then
              answer[1] = redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
              redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            end
            if (tonumber(redis.call('HGET', KEYS[3], ARGV[1])) or 0) < tonumber(ARGV[5]) then
              redis.call('HSET', KEYS[3], ARGV[1], ARGV[5])
            end
            local now = tonumber(ARGV[4])
            local members = redis.call('HGETALL', KEYS[1])
            for i = 1, #members, 2 do
              if (tonumber(members[i + 1]) or 0) > now then
                answer[#answer + 1] = members[i]
              else
                redis.call('HDEL', KEYS[1], members[i])
                redis.call('HDEL', KEYS[2], members[i])
              end
            end
            return answer
            """;
}
