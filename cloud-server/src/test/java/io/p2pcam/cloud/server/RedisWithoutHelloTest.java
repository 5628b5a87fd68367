package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Redis that answers no HELLO (a Redis older than 6, or one with HELLO renamed, as here on a real
 * redis-server 7): Lettuce falls back to RESP2, and the handshake tells neither the Redis's mode
 * nor its version. The node must then ask INFO server, and refuse a Redis in Redis Cluster mode or
 * older than the registry needs (docs/ADMIN.md "Running a cluster"), rather than take it as a
 * standalone Redis of any version.
 */
class RedisWithoutHelloTest {
    private static final String[] NO_HELLO = {"--rename-command", "HELLO", "HELLO-OFF"};

    private RedisServerProcess redis;

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRedisInClusterModeThatAnswersNoHelloIsRefusedAtConnect() {
        redis = RedisServerProcess.startInClusterModeOrSkip(NO_HELLO);
        ClusterSettings settings = new ClusterSettings(redis.uri(), "127.0.0.1:1");

        assertThatThrownBy(() -> new RedisRegistry(settings, System::currentTimeMillis, m -> {}).close())
                .as("connecting to a Redis in cluster mode that answers no HELLO")
                .isInstanceOf(RegistryUnusableException.class)
                .hasMessageContaining("this Redis runs in Redis Cluster mode");
    }

    @Test
    void aStandaloneRedisThatAnswersNoHelloButIsRecentEnoughServesTheRegistry() throws Exception {
        redis = RedisServerProcess.startOrSkip(NO_HELLO);
        ClusterSettings settings = new ClusterSettings(redis.uri(), "127.0.0.1:1");

        try (RedisRegistry registry = new RedisRegistry(settings, System::currentTimeMillis, m -> {})) {
            RedisRegistry.Heartbeat beat =
                    registry.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);

            assertThat(beat.liveNodes())
                    .as("the members after a heartbeat through a Redis answering no HELLO")
                    .containsExactly("127.0.0.1:1");
        }
    }
}
