package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.AclCategory;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.cloud.core.ShardRouter;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.testing.Eventually;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A node whose Redis refuses Lua scripts (a real redis-server, the node's ACL user without
 * {@code @scripting}, as an admin might grant "just the data commands", or a managed Redis with EVAL
 * off): every camera write is a script (decision 0045), so the node cannot use that registry. It
 * must say why in a line an admin can act on, stay degraded (serving its own cameras) and keep
 * trying, without a line per attempt. So must a node whose Redis runs in Redis Cluster mode
 * (started with {@code --cluster-enabled yes}), which the registry does not support (decision
 * 0045, third amendment), rather than fail each heartbeat with CLUSTERDOWN or CROSSSLOT as
 * "unreachable".
 */
class RegistryScriptsRefusedTest {
    private static final String USER = "p2pcam";
    private static final String PASSWORD = "registry-secret";
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Attempts to connect to wait for: a line per attempt would show by then. */
    private static final int ATTEMPTS = 3;

    private RedisServerProcess redis;
    private ClusterNode node;
    private final Logger clusterLog = (Logger) LoggerFactory.getLogger(ClusterNode.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        clusterLog.addAppender(logged);
    }

    @AfterEach
    void stop() {
        clusterLog.detachAppender(logged);
        if (node != null) {
            node.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aRedisThatRefusesScriptsIsNamedInOneLineAndTheNodeStaysDegradedAndKeepsTrying() {
        redis = RedisServerProcess.startOrSkip();
        allowAllButScripts(redis);
        node = nodeOf(redis);

        node.start();
        Eventually.await("the node tried " + ATTEMPTS + " times", WAIT, () -> node.connectsEnded() >= ATTEMPTS);

        assertThat(node.registryUp()).as("the node's registry up").isFalse();
        assertThat(node.degradedBecause())
                .as("why /healthz says the node is degraded")
                .isEqualTo("cluster registry refuses Lua scripts (see the log)");
        assertThat(warnings())
                .as("the node's warnings after %d attempts against a Redis that refuses scripts", ATTEMPTS)
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("127.0.0.1:" + redis.port())
                .contains("this Redis refuses Lua scripts")
                .contains("NOPERM")
                .contains("ADMIN.md")
                .doesNotContain(PASSWORD);
    }

    @Test
    void aRedisInClusterModeIsNamedInOneLineAndInHealthz() {
        redis = RedisServerProcess.startInClusterModeOrSkip();
        node = nodeAt(redis.uri());

        node.start();
        Eventually.await("the node tried " + ATTEMPTS + " times", WAIT, () -> node.connectsEnded() >= ATTEMPTS);

        assertThat(node.registryUp()).as("the node's registry up").isFalse();
        assertThat(node.degradedBecause())
                .as("why /healthz says the node is degraded")
                .isEqualTo("cluster registry is a Redis Cluster, which p2pcam does not support (see the log)");
        assertThat(warnings())
                .as("the node's warnings after %d attempts against a Redis in cluster mode", ATTEMPTS)
                .singleElement(InstanceOfAssertFactories.STRING)
                .contains("127.0.0.1:" + redis.port())
                .contains("this Redis runs in Redis Cluster mode")
                .contains("ADMIN.md");
    }

    @Test
    void aNodeStartedBeforeItsRedisSaysSoAgainWhenRedisComesAndRefusesScripts() {
        redis = RedisServerProcess.startOrSkip();
        redis.kill(); // the node starts first, while Redis is away
        node = nodeOf(redis);
        node.start();
        Eventually.await("the node's first attempt failed", WAIT, () -> node.connectsEnded() >= 1);

        redis.start();
        allowAllButScripts(redis);
        long attempts = node.connectsEnded();
        Eventually.await(
                "the node tried again against the new Redis " + ATTEMPTS + " times",
                WAIT,
                () -> node.connectsEnded() >= attempts + ATTEMPTS);

        List<String> warnings = warnings();
        assertThat(warnings)
                .as("the node's warnings: Redis away, then Redis refusing scripts")
                .anySatisfy(line -> assertThat(line).contains("this Redis refuses Lua scripts"));
        assertThat(warnings)
                .as("the node's warnings, one per reason at most (away, the user unknown yet, scripts refused)")
                .hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void aUserWithTheGrantsAdminMdListsCanRunTheWholeRegistry() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        // ACL SETUSER p2pcam on >PASSWORD ~p2pcam:* &p2pcam:node:* +@hash +@keyspace +@pubsub +@scripting +@connection
        grant(
                redis,
                AclSetuserArgs.Builder.on()
                        .keyPattern("p2pcam:*")
                        .channelPattern("p2pcam:node:*")
                        .addCategory(AclCategory.HASH)
                        .addCategory(AclCategory.KEYSPACE)
                        .addCategory(AclCategory.PUBSUB)
                        .addCategory(AclCategory.SCRIPTING)
                        .addCategory(AclCategory.CONNECTION));
        URI registry = URI.create("redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + redis.port());
        CameraPublicKey camera = CameraIdentity.generate(new SecureRandom()).publicKey();

        try (RedisRegistry node =
                new RedisRegistry(new ClusterSettings(registry, "127.0.0.1:1"), System::currentTimeMillis, m -> {})) {
            RedisRegistry.Heartbeat beat =
                    node.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);
            node.publish(camera.id(), camera).toCompletableFuture().get(2, TimeUnit.SECONDS);
            ClusterEntry published =
                    node.resolve(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);
            long listeners = node.send("127.0.0.1:1", new byte[] {1})
                    .toCompletableFuture()
                    .get(2, TimeUnit.SECONDS);
            node.withdraw(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);

            assertThat(beat.liveNodes()).as("the members after a heartbeat").containsExactly("127.0.0.1:1");
            assertThat(published.nodes())
                    .as("the camera's holders once published")
                    .containsExactly("127.0.0.1:1");
            assertThat(listeners).as("listeners to the node's own inbox").isEqualTo(1);
            assertThat(node.resolve(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS))
                    .as("the camera once withdrawn")
                    .isNull();
        }
    }

    private ClusterNode nodeOf(RedisServerProcess redis) {
        return nodeAt(URI.create("redis://" + USER + ":" + PASSWORD + "@127.0.0.1:" + redis.port()));
    }

    private static ClusterNode nodeAt(URI registry) {
        return new ClusterNode(
                new ClusterSettings(registry, "127.0.0.1:1"),
                List.of(),
                new ShardRouter(1, 0),
                () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
    }

    /** The node's user may run every command but the scripting ones. */
    private static void allowAllButScripts(RedisServerProcess redis) {
        grant(
                redis,
                AclSetuserArgs.Builder.on()
                        .allKeys()
                        .allChannels()
                        .allCommands()
                        .removeCategory(AclCategory.SCRIPTING));
    }

    /** Makes the node's user, with its password and {@code rights}. */
    private static void grant(RedisServerProcess redis, AclSetuserArgs rights) {
        RedisClient admin = RedisClient.create(redis.uri().toString());
        try (var connection = admin.connect()) {
            connection.sync().aclSetuser(USER, rights.addPassword(PASSWORD));
        } finally {
            admin.shutdown();
        }
    }

    private List<String> warnings() {
        return logged.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
