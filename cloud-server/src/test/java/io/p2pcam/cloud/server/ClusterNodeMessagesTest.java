package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** What an operator reads when the cluster's registry is unreachable: the cause and the servers, no secrets. */
class ClusterNodeMessagesTest {
    @Test
    void theCauseIsSaidInItsOwnWordsNotAsLettucesExceptionClasses() {
        // As Lettuce throws it for a Redis that is not listening (its message names the address
        // "127.0.0.1/<unresolved>:1"; the log line names it as the settings do).
        RedisConnectionException refused = new RedisConnectionException(
                "Unable to connect to 127.0.0.1/<unresolved>:1",
                new ConnectException("Connection refused: /127.0.0.1:1"));
        assertThat(ClusterNode.why(refused)).isEqualTo("Connection refused");
        assertThat(ClusterNode.why(new RedisConnectionException("NOAUTH Authentication required.")))
                .isEqualTo("NOAUTH Authentication required.");
        assertThat(ClusterNode.why(new IllegalStateException())).isEqualTo("IllegalStateException");
    }

    @Test
    void theServersAreNamedWithoutThePassword() {
        assertThat(servers("redis://:s3cret@10.0.0.5:6379")).isEqualTo("10.0.0.5:6379");
        assertThat(servers("rediss://user:s3cret@redis.example.org:6380/0")).isEqualTo("redis.example.org:6380");
        // The log said "null:-1" for a Sentinel URI (URI.getHost() is null for a list of servers).
        assertThat(servers("redis-sentinel://:s3cret@10.0.0.5:26379,10.0.0.6:26379?sentinelMasterId=p2pcam"))
                .isEqualTo("10.0.0.5:26379,10.0.0.6:26379");
    }

    private static String servers(String registry) {
        return new ClusterSettings(URI.create(registry), "203.0.113.10:32100").registryServers();
    }
}
