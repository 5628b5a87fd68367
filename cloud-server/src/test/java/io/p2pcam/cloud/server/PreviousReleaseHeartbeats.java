package io.p2pcam.cloud.server;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the two releases before this one renewed a node's membership, as they ran it (the text of
 * their code, from git): what a node not yet upgraded does during a rolling upgrade, beside nodes of
 * this release.
 */
final class PreviousReleaseHeartbeats {
    private PreviousReleaseHeartbeats() {}

    /**
     * The heartbeat script of 29e5188c (decision 0045's second amendment), numbered by the node's
     * clock in ms × 1000; KEYS p2pcam:nodes, p2pcam:node-beats.
     */
    private static final String NUMBERED_BY_CLOCK = """
            local stored = redis.call('HGET', KEYS[2], ARGV[1])
            local answer = {0}
            if not stored or tonumber(stored) < tonumber(ARGV[2]) then
              answer[1] = redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
              redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
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

    /** 29e5188c's heartbeat of {@code node} at {@code now} (its clock): the live members it read. */
    static Set<String> numberedByClock(RedisCommands<String, String> redis, String node, long now) {
        List<Object> answer = redis.eval(
                NUMBERED_BY_CLOCK,
                ScriptOutputType.MULTI,
                new String[] {RedisRegistry.NODES, RedisRegistry.NODE_BEATS},
                node,
                Long.toString(now * 1000),
                Long.toString(now + RedisRegistry.NODE_TTL_MILLIS),
                Long.toString(now));
        Set<String> live = new HashSet<>();
        for (Object member : answer.subList(1, answer.size())) {
            live.add((String) member);
        }
        return live;
    }

    /**
     * The heartbeat before 29e5188c, unnumbered: HSET of the node's membership, HGETALL of all, HDEL
     * of the lapsed ones (three commands). Its read, then its removal of what the read found lapsed.
     */
    static Set<String> unnumbered(RedisCommands<String, String> redis, String node, long now) {
        redis.hset(RedisRegistry.NODES, node, Long.toString(now + RedisRegistry.NODE_TTL_MILLIS));
        return removeLapsed(redis, redis.hgetall(RedisRegistry.NODES), now);
    }

    /** The unnumbered heartbeat's last step: HDEL of the members {@code members} (its HGETALL) had lapsed. */
    static Set<String> removeLapsed(RedisCommands<String, String> redis, Map<String, String> members, long now) {
        Set<String> live = new HashSet<>();
        members.forEach((member, until) -> {
            if (Long.parseLong(until) > now) {
                live.add(member);
            } else {
                redis.hdel(RedisRegistry.NODES, member);
            }
        });
        return live;
    }
}
