package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A registry connection that spends the write numbers Redis reserved for it with no heartbeat
 * answered meanwhile (2^20 camera writes between two heartbeats at the real size; here a
 * reservation of {@value #RESERVATION} numbers and no heartbeat at all), against a real
 * redis-server: it must reserve more from Redis and go on writing, each write numbered above the
 * one before, rather than have its writes refused until it reconnects (decision 0045).
 */
class SpentWriteNumbersTest {
    private static final String NODE = "127.0.0.1:1";
    private static final long RESERVATION = 1024;
    /** Several reservations' worth. */
    private static final int WRITES = 5 * (int) RESERVATION;

    private RedisServerProcess redis;
    private RedisRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aConnectionThatSpendsItsReservedNumbersReservesMoreAndEveryWriteApplies() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        ClusterSettings settings = new ClusterSettings(redis.uri(), NODE);
        registry = connect(settings);
        CameraPublicKey camera = CameraIdentity.generate(new SecureRandom()).publicKey();

        // One camera published and withdrawn in turn, one write at a time: a write numbered below
        // the one before it would be answered 0 (refused as stale) and leave the camera as it was.
        List<Object> answers = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            CompletionStage<?> write =
                    i % 2 == 0 ? registry.publish(camera.id(), camera) : registry.withdraw(camera.id());
            answers.add(write.toCompletableFuture().get(2, TimeUnit.SECONDS));
        }
        registry.close();
        registry = connect(settings);
        Object published =
                registry.publish(camera.id(), camera).toCompletableFuture().get(2, TimeUnit.SECONDS);

        assertThat(answers)
                .as(
                        "Redis's answers to %d writes over one connection reserving %d numbers at a time (1: applied)",
                        WRITES, RESERVATION)
                .hasSize(WRITES)
                .containsOnly(1L);
        assertThat(published)
                .as("the node's next connection's first write (numbered above every number reserved before)")
                .isEqualTo(1L);
    }

    private static RedisRegistry connect(ClusterSettings settings) {
        return new RedisRegistry(settings, System::currentTimeMillis, m -> {}, new RegistryCounters(), RESERVATION);
    }
}
