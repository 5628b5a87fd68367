package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.cloud.core.ClusterLimits;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.testing.Eventually;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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

    @Test
    void aRedisThatForgotTheWriteScriptsIsSentThemAgainAndTheWritesApply() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        registry =
                new RedisRegistry(new ClusterSettings(redis.uri(), "127.0.0.1:1"), System::currentTimeMillis, m -> {});
        CameraPublicKey camera = CameraIdentity.generate(new SecureRandom()).publicKey();
        RedisClient admin = RedisClient.create(redis.uri().toString());
        try (var connection = admin.connect()) {
            connection.sync().scriptFlush(); // as a restarted Redis, or an operator's SCRIPT FLUSH
        } finally {
            admin.shutdown();
        }

        registry.publish(camera.id(), camera).toCompletableFuture().get(2, TimeUnit.SECONDS);
        ClusterEntry published =
                registry.resolve(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);
        registry.withdraw(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);
        ClusterEntry withdrawn =
                registry.resolve(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);

        assertThat(published).as("the camera once published").isNotNull();
        assertThat(published.nodes()).containsExactly("127.0.0.1:1");
        assertThat(withdrawn).as("the camera once withdrawn").isNull();
    }

    @Test
    void aWithdrawOfACameraNobodyHoldsLeavesNothingInRedis() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        registry =
                new RedisRegistry(new ClusterSettings(redis.uri(), "127.0.0.1:1"), System::currentTimeMillis, m -> {});
        CameraPublicKey camera = CameraIdentity.generate(new SecureRandom()).publicKey();

        registry.withdraw(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);

        assertThat(keysInRedis())
                .as("Redis's keys after a withdraw of a camera never published")
                .isEmpty();
    }

    @Test
    void aWithdrawOfTheLastHolderLeavesNothingOfTheCameraWhileNoConnectionWasLost() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        registry =
                new RedisRegistry(new ClusterSettings(redis.uri(), "127.0.0.1:1"), System::currentTimeMillis, m -> {});
        CameraPublicKey camera = CameraIdentity.generate(new SecureRandom()).publicKey();
        registry.publish(camera.id(), camera).toCompletableFuture().get(2, TimeUnit.SECONDS);

        registry.withdraw(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);

        assertThat(keysInRedis())
                .as("Redis's keys after the camera's only holder withdrew it, no write of its unanswered")
                .isEmpty();
    }

    /**
     * Every key in Redis but the cluster's membership and where each node's numbers start (one
     * small field per node, kept for good: {@link NumbersScript}).
     */
    private List<String> keysInRedis() {
        RedisClient admin = RedisClient.create(redis.uri().toString());
        try (var connection = admin.connect()) {
            return connection.sync().keys("*").stream()
                    .filter(key -> !key.equals(RedisRegistry.NODES) && !key.equals(RedisRegistry.NODE_NUMBERS))
                    .toList();
        } finally {
            admin.shutdown();
        }
    }

    @Test
    void commandsRefusedAtLettucesQueueLimitAreCountedAndLogNothingEach() {
        // Lettuce warns per command refused (LettuceRefusalLogFilter drops those; without it this
        // test logged one warning with a stack trace for each).
        redis = RedisServerProcess.startOrSkip();
        ClusterLimits defaults = ClusterLimits.defaults();
        int queue = 200; // small, so that the test fills it well within the 1 s command timeout
        ClusterSettings settings = new ClusterSettings(redis.uri(), "127.0.0.1:1")
                .withLimits(new ClusterLimits(
                        defaults.registryReads(), defaults.handOvers(), defaults.republishPerSecond(), 16, queue));
        registry = new RedisRegistry(settings, System::currentTimeMillis, m -> {});
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            redis.pause();
            int messages = 10 * queue; // node messages: no cap of ours before Lettuce's
            for (int i = 0; i < messages; i++) {
                registry.send("nobody", new byte[] {1});
            }
            Eventually.await(
                    "every message is over (refused or timed out)",
                    Duration.ofSeconds(10),
                    () -> registry.failures.get() >= messages);
            assertThat(registry.refused.get())
                    .as("messages Lettuce refused at its queue of %d, of %d sent", queue, messages)
                    .isGreaterThanOrEqualTo(messages / 2) // the rest queued, then timed out
                    .isLessThanOrEqualTo(messages);
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(event -> event.getLoggerName() + ": " + event.getFormattedMessage())
                .as("warnings logged while commands were refused")
                .isEmpty();
    }
}
