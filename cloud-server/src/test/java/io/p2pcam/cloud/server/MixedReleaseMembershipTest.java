package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade against a real redis-server: nodes of this release beside nodes of the two
 * before it ({@link PreviousReleaseHeartbeats}), for many leases. Each must keep the others'
 * memberships (none removes a live one), and a node that stops must be removed by the others; an
 * upgraded node must be a member at once, whatever its clock did at the restart, and so must a node
 * rolled back.
 */
class MixedReleaseMembershipTest {
    private static final String NEW = "127.0.0.1:1";
    private static final String CLOCK_NUMBERED = "127.0.0.1:2";
    private static final String UNNUMBERED = "127.0.0.1:3";
    private static final int BEATS = 12;

    private final AtomicLong wall = new AtomicLong(System.currentTimeMillis());
    private RedisServerProcess redis;
    private RedisClient admin;
    private StatefulRedisConnection<String, String> connection;
    private RedisRegistry node;

    @BeforeEach
    void start() {
        redis = RedisServerProcess.startOrSkip();
        admin = RedisClient.create(redis.uri().toString());
        connection = admin.connect();
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (connection != null) {
            connection.close();
            admin.shutdown();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void nodesOfThreeReleasesKeepEachOtherAliveAndRemoveOneThatStops() throws Exception {
        RedisCommands<String, String> previous = connection.sync();
        node = new RedisRegistry(new ClusterSettings(redis.uri(), NEW), wall::get, m -> {});
        for (int beat = 0; beat < BEATS; beat++) { // over two leases of 5 s, a heartbeat a second
            Set<String> clockNumberedView =
                    PreviousReleaseHeartbeats.numberedByClock(previous, CLOCK_NUMBERED, wall.get());
            Set<String> unnumberedView = PreviousReleaseHeartbeats.unnumbered(previous, UNNUMBERED, wall.get());
            assertThat(newNodesView())
                    .as("the new node's live members at beat %d", beat)
                    .containsExactlyInAnyOrder(NEW, CLOCK_NUMBERED, UNNUMBERED);
            if (beat > 0) { // each has seen the others' first heartbeats
                assertThat(clockNumberedView)
                        .as("the clock-numbered node's live members at beat %d", beat)
                        .containsExactlyInAnyOrder(NEW, CLOCK_NUMBERED, UNNUMBERED);
                assertThat(unnumberedView)
                        .as("the unnumbered node's live members at beat %d", beat)
                        .containsExactlyInAnyOrder(NEW, CLOCK_NUMBERED, UNNUMBERED);
            }
            wall.addAndGet(1_000);
        }

        for (int beat = 0; beat < 6; beat++) { // the unnumbered node stopped: its lease lapses
            newNodesView();
            PreviousReleaseHeartbeats.numberedByClock(previous, CLOCK_NUMBERED, wall.get());
            wall.addAndGet(1_000);
        }

        assertThat(newNodesView()).containsExactlyInAnyOrder(NEW, CLOCK_NUMBERED);
        assertThat(previous.hkeys(RedisRegistry.NODES)).containsExactlyInAnyOrder(NEW, CLOCK_NUMBERED);
    }

    @Test
    void aNodeUpgradedWithItsClockSteppedBackAndOneRolledBackAreMembersAtOnce() throws Exception {
        RedisCommands<String, String> previous = connection.sync();
        PreviousReleaseHeartbeats.numberedByClock(previous, CLOCK_NUMBERED, wall.get() + 10_000); // clock 10 s fast

        // Upgraded: the clock-numbered node restarts as this release, its clock stepped back.
        node = new RedisRegistry(new ClusterSettings(redis.uri(), CLOCK_NUMBERED), wall::get, m -> {});
        node.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);
        assertThat(membershipEnd(CLOCK_NUMBERED))
                .as("the upgraded node's membership end after its first heartbeat")
                .isEqualTo(wall.get() + RedisRegistry.NODE_TTL_MILLIS);

        // Rolled back: it restarts as the previous release again, half a minute later.
        node.close();
        node = null;
        wall.addAndGet(30_000);
        PreviousReleaseHeartbeats.numberedByClock(previous, CLOCK_NUMBERED, wall.get());
        assertThat(membershipEnd(CLOCK_NUMBERED))
                .as("the rolled-back node's membership end after its first heartbeat")
                .isEqualTo(wall.get() + RedisRegistry.NODE_TTL_MILLIS);
    }

    /**
     * The unnumbered release reads the members, then removes those its read found lapsed: a member
     * that renewed in between is removed though live (what this release's one-step script ended).
     * A node of this release so removed is a member again at its next heartbeat, which says the
     * registry had forgotten it (so it publishes its cameras again).
     */
    @Test
    void aNewNodeRemovedByAnUnnumberedNodesRaceIsBackAtItsNextHeartbeat() throws Exception {
        RedisCommands<String, String> previous = connection.sync();
        node = new RedisRegistry(new ClusterSettings(redis.uri(), NEW), wall::get, m -> {});
        node.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);
        wall.addAndGet(RedisRegistry.NODE_TTL_MILLIS + 1_000); // the new node missed its lease (a long pause)
        previous.hset(RedisRegistry.NODES, UNNUMBERED, Long.toString(wall.get() + RedisRegistry.NODE_TTL_MILLIS));
        Map<String, String> read = previous.hgetall(RedisRegistry.NODES); // the new node lapsed in it...
        node.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS); // ...renews...
        PreviousReleaseHeartbeats.removeLapsed(previous, read, wall.get()); // ...and is removed
        assertThat(previous.hexists(RedisRegistry.NODES, NEW))
                .as("removed by the race")
                .isFalse();

        wall.addAndGet(1_000);
        RedisRegistry.Heartbeat next = node.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);

        assertThat(next.forgotten())
                .as("the next heartbeat says the registry forgot the node")
                .isTrue();
        assertThat(membershipEnd(NEW)).isEqualTo(wall.get() + RedisRegistry.NODE_TTL_MILLIS);
    }

    private Set<String> newNodesView() throws Exception {
        return node.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS).liveNodes();
    }

    private long membershipEnd(String member) {
        return Long.parseLong(connection.sync().hget(RedisRegistry.NODES, member));
    }
}
