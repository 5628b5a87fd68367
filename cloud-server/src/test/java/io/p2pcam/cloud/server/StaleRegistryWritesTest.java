package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.p2pcam.cloud.core.ClusterEntry;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.identity.CameraPublicKey;
import io.p2pcam.protocol.testing.Eventually;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Camera writes a node sent into the socket of a Redis that hangs (a real redis-server stopped with
 * SIGSTOP) and then dropped with the connection (decision 0045) still run when Redis resumes, and
 * Redis reads a socket 16 KB at a time, so the tail of a long backlog could run after what the node
 * writes over its new connection: such a stale write must not overwrite a newer one (bring back a
 * camera withdrawn since, or move a hold's end back).
 *
 * <p>The node reaches Redis through a proxy that keeps Redis's side of the dropped connection open
 * (as HAProxy or a NAT in between may): every write that left the node runs, none is lost to a
 * reset. The test waits until the last write has left the node before the node drops the
 * connection, so the stale write exists every time.
 */
@Tag("realtime")
class StaleRegistryWritesTest {
    private static final String NODE = "127.0.0.1:1";
    /**
     * Camera writes left in the hung socket before the one that matters: several of Redis's reads
     * (16 KB each), and fewer than the 150 to 200 that loopback's socket buffers hold while Redis is
     * stopped (past that the proxy could not hand the last write to the kernel).
     */
    private static final int BACKLOG = 100;

    /** How long the writes may take to leave the node, and to run once Redis resumes. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    private RedisServerProcess redis;
    private HeldOpenTcpProxy proxy;
    private RedisRegistry fresh;

    @AfterEach
    void stop() {
        if (redis != null) {
            redis.resume();
        }
        if (fresh != null) {
            fresh.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void aWriteLeftInAHungRedisDoesNotBringBackACameraWithdrawnSinceOverTheNewConnection() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        proxy = new HeldOpenTcpProxy(new InetSocketAddress("127.0.0.1", redis.port()));
        ClusterSettings settings = new ClusterSettings(proxy.redisUri(), NODE);
        SecureRandom keys = new SecureRandom();
        CameraPublicKey camera = CameraIdentity.generate(keys).publicKey();
        CameraPublicKey filler = CameraIdentity.generate(keys).publicKey();
        CameraPublicKey last = CameraIdentity.generate(keys).publicKey();
        RedisRegistry hung = new RedisRegistry(settings, System::currentTimeMillis, m -> {});
        hung.publish(camera.id(), camera).toCompletableFuture().get(2, TimeUnit.SECONDS);

        redis.pause();
        for (int i = 0; i < BACKLOG; i++) { // the node's other cameras, written during the hang
            hung.publish(fillerId(i), filler);
        }
        hung.publish(camera.id(), camera); // the camera is still here when this is sent...
        hung.publish(last.id(), last);
        // What Netty has not handed the kernel when the connection is dropped is thrown away with
        // it (a CI run lost the last write so): wait until the last write (one EVALSHA naming its
        // key) has left the node.
        proxy.awaitForwarded(RedisRegistry.cameraKey(last.id()).getBytes(StandardCharsets.US_ASCII), 1, WAIT);
        hung.close(); // ...the node drops the hung connection and reconnects
        CompletableFuture<RedisRegistry> reconnecting =
                CompletableFuture.supplyAsync(() -> new RedisRegistry(settings, System::currentTimeMillis, m -> {}));
        redis.resume();
        fresh = reconnecting.get(10, TimeUnit.SECONDS);
        // ...and the camera has gone meanwhile: withdrawn over the new connection.
        fresh.withdraw(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);
        Eventually.await(
                "the last write left in the hung socket run",
                WAIT,
                () -> !holders(fresh, last).isEmpty());

        assertThat(holders(fresh, camera))
                .as("the nodes holding the withdrawn camera once the writes left in the hung socket have run")
                .isEmpty();
    }

    /**
     * The order a long backlog, or socket buffers far above the defaults, may bring: the old
     * connection's write of the camera reaches Redis only after the new connection's withdraw of it
     * (the proxy holds it back until then). Redis must refuse it as older than the withdraw.
     */
    @Test
    void aWriteThatReachesRedisAfterTheNewConnectionsWithdrawDoesNotBringTheCameraBack() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        proxy = new HeldOpenTcpProxy(new InetSocketAddress("127.0.0.1", redis.port()));
        ClusterSettings settings = new ClusterSettings(proxy.redisUri(), NODE);
        SecureRandom keys = new SecureRandom();
        CameraPublicKey camera = CameraIdentity.generate(keys).publicKey();
        CameraPublicKey last = CameraIdentity.generate(keys).publicKey();
        RegistryCounters node = new RegistryCounters(); // the node's, across its connections
        RedisRegistry hung = new RedisRegistry(settings, System::currentTimeMillis, m -> {}, node);
        hung.publish(camera.id(), camera).toCompletableFuture().get(2, TimeUnit.SECONDS);

        proxy.holdBack(); // from now on what the old connection sends waits on the way to Redis
        hung.publish(camera.id(), camera); // the camera is still here when this is sent...
        hung.publish(last.id(), last);
        proxy.awaitHeldBack(RedisRegistry.cameraKey(last.id()).getBytes(StandardCharsets.US_ASCII), 1, WAIT);
        hung.close(); // ...the node drops the connection and reconnects
        fresh = new RedisRegistry(settings, System::currentTimeMillis, m -> {}, node);
        // ...and the camera has gone meanwhile: withdrawn over the new connection, before the old
        // connection's write of it reaches Redis.
        fresh.withdraw(camera.id()).toCompletableFuture().get(2, TimeUnit.SECONDS);
        proxy.deliverHeld();
        Eventually.await(
                "the writes held back on the way run",
                WAIT,
                () -> !holders(fresh, last).isEmpty());

        assertThat(holders(fresh, camera))
                .as("the nodes holding the withdrawn camera once the old connection's late writes have run")
                .isEmpty();
    }

    /**
     * The heartbeat's part of the same race: a heartbeat the old connection sent reaches Redis only
     * after the new connection's newer one. Redis must refuse it rather than move the node's
     * membership end back to what the older heartbeat said.
     */
    @Test
    void aHeartbeatThatReachesRedisAfterANewerOneDoesNotMoveTheMembershipEndBack() throws Exception {
        redis = RedisServerProcess.startOrSkip();
        proxy = new HeldOpenTcpProxy(new InetSocketAddress("127.0.0.1", redis.port()));
        ClusterSettings settings = new ClusterSettings(proxy.redisUri(), NODE);
        CameraPublicKey last = CameraIdentity.generate(new SecureRandom()).publicKey();
        AtomicLong wall = new AtomicLong(System.currentTimeMillis());
        RegistryCounters node = new RegistryCounters();
        RedisRegistry hung = new RedisRegistry(settings, wall::get, m -> {}, node);
        hung.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS);

        proxy.holdBack();
        hung.heartbeat(); // membership until now + 5 s, held on the way...
        hung.publish(last.id(), last);
        proxy.awaitHeldBack(RedisRegistry.cameraKey(last.id()).getBytes(StandardCharsets.US_ASCII), 1, WAIT);
        hung.close(); // ...the node drops the connection and reconnects
        wall.addAndGet(3_000);
        fresh = new RedisRegistry(settings, wall::get, m -> {}, node);
        fresh.heartbeat().toCompletableFuture().get(2, TimeUnit.SECONDS); // until 3 s later than the held one
        long renewedUntil = wall.get() + RedisRegistry.NODE_TTL_MILLIS;
        proxy.deliverHeld();
        Eventually.await(
                "the writes held back on the way run",
                WAIT,
                () -> !holders(fresh, last).isEmpty());

        assertThat(membershipEnd(redis))
                .as("the node's membership end once the old connection's late heartbeat has run")
                .isEqualTo(renewedUntil);
    }

    /** Until when (Unix ms) Redis has {@link #NODE} as a member, read as any client would. */
    private static long membershipEnd(RedisServerProcess redis) {
        RedisClient admin = RedisClient.create(redis.uri().toString());
        try (var connection = admin.connect()) {
            return Long.parseLong(connection.sync().hget(RedisRegistry.NODES, NODE));
        } finally {
            admin.shutdown();
        }
    }

    /** The {@code i}th of the node's other cameras (their IDs are all the backlog needs). */
    private static CameraId fillerId(int i) {
        byte[] id = new byte[15];
        id[0] = (byte) (i >> 8);
        id[1] = (byte) i;
        return CameraId.fromBytes(id);
    }

    /** The nodes holding {@code camera} in Redis; none when the read fails. */
    private static List<String> holders(RedisRegistry registry, CameraPublicKey camera) {
        CameraId id = camera.id();
        try {
            ClusterEntry entry = registry.resolve(id).toCompletableFuture().get(2, TimeUnit.SECONDS);
            return entry == null ? List.of() : entry.nodes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            return List.of();
        }
    }
}
