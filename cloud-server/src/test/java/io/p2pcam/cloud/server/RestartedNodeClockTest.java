package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node restarted with its clock stepped back (NTP stepped a clock that ran fast, or a host's
 * clock was set by hand) against a real redis-server: its heartbeats and camera writes must apply
 * at once, not be refused as older than what its previous process wrote (decision 0045).
 */
class RestartedNodeClockTest {
    private static final String NODE = "127.0.0.1:1";
    /** How far the clock ran fast before the restart, and was stepped back at it. */
    private static final long STEP_MILLIS = 10_000;

    private RedisServerProcess redis;
    private RedisRegistry restarted;

    @AfterEach
    void stop() {
        if (restarted != null) {
            restarted.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aNodeRestartedWithItsClockSteppedBackRenewsItsMembershipAtOnce() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        ClusterSettings settings = new ClusterSettings(redis.uri(), NODE);
        long now = System.currentTimeMillis();
        RedisRegistry previous =
                new RedisRegistry(settings, () -> now + STEP_MILLIS, m -> {}, RegistryCounters.ofProcessStartedAt(now));
        previous.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);
        previous.close();

        restarted = new RedisRegistry(settings, () -> now, m -> {}, RegistryCounters.ofProcessStartedAt(now));
        restarted.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);

        assertThat(membershipEnd())
                .as("the restarted node's membership end after its first heartbeat")
                .isEqualTo(now + RedisRegistry.NODE_TTL_MILLIS);
    }

    @Test
    void aNodeRestartedWithItsClockSteppedBackWithdrawsACameraAtOnce() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        ClusterSettings settings = new ClusterSettings(redis.uri(), NODE);
        CameraPublicKey camera = CameraIdentity.generate(new SecureRandom()).publicKey();
        long now = System.currentTimeMillis();
        RedisRegistry previous =
                new RedisRegistry(settings, () -> now + STEP_MILLIS, m -> {}, RegistryCounters.ofProcessStartedAt(now));
        previous.publish(camera.id(), camera).toCompletableFuture().get(2, TimeUnit.SECONDS);
        previous.close();

        restarted = new RedisRegistry(settings, () -> now, m -> {}, RegistryCounters.ofProcessStartedAt(now));
        // The camera did not come back to the restarted node (it registered with another one).
        restarted.withdraw(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);

        ClusterEntry entry =
                restarted.resolve(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);
        assertThat(entry == null ? List.of() : entry.nodes())
                .as("the nodes holding the camera the restarted node withdrew")
                .isEmpty();
    }

    /** Until when (Unix ms) Redis has {@link #NODE} as a member, read as any client would. */
    private long membershipEnd() {
        RedisClient admin = RedisClient.create(redis.uri().toString());
        try (var connection = admin.connect()) {
            return Long.parseLong(connection.sync().hget(RedisRegistry.NODES, NODE));
        } finally {
            admin.shutdown();
        }
    }
}
