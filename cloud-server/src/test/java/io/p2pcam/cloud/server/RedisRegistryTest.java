package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.ClusterLimits;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.testing.Eventually;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RedisRegistry} against a real redis-server (skipped without one). */
class RedisRegistryTest {
    private static final int WRITES = 100_000;

    private RedisServerProcess redis;
    private RedisRegistry registry;

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.resume();
        }
        if (registry != null) {
            registry.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRedisThatStopsAnsweringMakesTheNodeHoldNoMoreThanItsRequestQueueOfWrites() {
        redis = RedisServerProcess.startOrSkip();
        registry =
                new RedisRegistry(new ClusterSettings(redis.uri(), "127.0.0.1:1"), System::currentTimeMillis, m -> {});
        List<CameraPublicKey> cameras = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 64; i++) {
            cameras.add(CameraIdentity.generate(random).publicKey());
        }
        redis.pause();

        for (int i = 0; i < WRITES; i++) { // a republish after a lapse, at the pace of a loop
            CameraPublicKey camera = cameras.get(i % cameras.size());
            registry.publish(camera.id(), camera);
        }
        assertThat(registry.peakWritesInFlight())
                .as("camera writes held for a Redis that does not answer, of %d sent", WRITES)
                .isLessThanOrEqualTo(ClusterLimits.defaults().writesAwaiting());
        Eventually.await(
                "every write is over (answered or failed)",
                Duration.ofSeconds(10),
                () -> registry.writesInFlight() == 0);
        assertThat(registry.failures.get())
                .as("the refused writes fail rather than wait")
                .isPositive();
    }
}
