package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Which Redis the registry takes, as plain code: what HELLO or INFO server said of the Redis. (No
 * Redis older than 6 can be installed here: redis-server 7.0.15 is; the path a Redis answering no
 * HELLO takes is {@link RedisWithoutHelloTest}'s, against redis-server with HELLO renamed.)
 */
class SupportedRedisTest {
    /** INFO server's answer of a Redis 5 (the first lines, as redis-server 5.0.14 writes them). */
    private static final String INFO_OF_REDIS_5 = "# Server\r\n"
            + "redis_version:5.0.14\r\n"
            + "redis_git_sha1:00000000\r\n"
            + "redis_git_dirty:0\r\n"
            + "redis_build_id:5ce4eac4ff5c14a2\r\n"
            + "redis_mode:standalone\r\n"
            + "os:Linux 5.15.0 x86_64\r\n";

    @Test
    void versionsAreReadAsMajorMinorPatchWhateverFollows() {
        assertThat(RedisVersion.parse("7.0.15")).isEqualTo(new RedisVersion(7, 0, 15));
        assertThat(RedisVersion.parse("6.2")).isEqualTo(new RedisVersion(6, 2, 0));
        assertThat(RedisVersion.parse("255.255.255")).isEqualTo(new RedisVersion(255, 255, 255));
        assertThat(RedisVersion.parse(" 7.4.0-rc1 ")).isEqualTo(new RedisVersion(7, 4, 0));
        assertThat(RedisVersion.parse("5.0.14")).isLessThan(new RedisVersion(6, 0, 0));
        assertThat(RedisVersion.parse("6.10.0")).isGreaterThan(new RedisVersion(6, 9, 9));
        assertThat(RedisVersion.parse("valkey")).isNull();
        assertThat(RedisVersion.parse("7")).isNull();
        assertThat(RedisVersion.parse(null)).isNull();
    }

    @Test
    void redisSixAndLaterAndValkeyAreTaken() {
        assertThatCode(() -> SupportedRedis.require("6.0.0", "standalone", "HELLO"))
                .doesNotThrowAnyException();
        assertThatCode(() -> SupportedRedis.require("7.0.15", "standalone", "HELLO"))
                .doesNotThrowAnyException();
        assertThatCode(() -> SupportedRedis.require("8.0.1", "standalone", "HELLO")) // Valkey's HELLO
                .doesNotThrowAnyException();
        assertThatCode(() -> SupportedRedis.require("7.2.4", "standalone", "INFO server")) // Valkey's INFO
                .doesNotThrowAnyException();
    }

    @Test
    void aRedisOlderThanSixIsRefusedInOneLineAndInHealthz() {
        String info = INFO_OF_REDIS_5;

        assertThatThrownBy(() -> SupportedRedis.require(
                        SupportedRedis.infoField(info, "redis_version"),
                        SupportedRedis.infoField(info, "redis_mode"),
                        "INFO server"))
                .isInstanceOf(RegistryUnusableException.class)
                .hasMessage("this Redis is version 5.0.14 (INFO server); the p2pcam registry needs Redis 6.0 or "
                        + "later, or Valkey, see docs/ADMIN.md \"Running a cluster\"")
                .extracting(refused -> ((RegistryUnusableException) refused).health())
                .isEqualTo("cluster registry is Redis 5.0.14, older than p2pcam supports (see the log)");
    }

    @Test
    void aRedisThatSaysNoVersionIsRefused() {
        assertThatThrownBy(() -> SupportedRedis.require(null, null, "INFO server"))
                .isInstanceOf(RegistryUnusableException.class)
                .hasMessageStartingWith("this Redis does not say which version it is (INFO server: no version)");
        assertThatThrownBy(() -> SupportedRedis.require("unstable", "standalone", "HELLO"))
                .isInstanceOf(RegistryUnusableException.class)
                .hasMessageStartingWith("this Redis does not say which version it is (HELLO: version unstable)");
    }

    @Test
    void aRedisInClusterModeIsRefusedWhateverItsVersion() {
        assertThatThrownBy(() -> SupportedRedis.require("7.0.15", "cluster", "INFO server"))
                .isInstanceOf(RegistryUnusableException.class)
                .hasMessageStartingWith("this Redis runs in Redis Cluster mode");
    }

    @Test
    void infoFieldsAreReadFromTheirLinesOnly() {
        assertThat(SupportedRedis.infoField(INFO_OF_REDIS_5, "redis_mode")).isEqualTo("standalone");
        assertThat(SupportedRedis.infoField(INFO_OF_REDIS_5, "redis_git_sha1")).isEqualTo("00000000");
        assertThat(SupportedRedis.infoField(INFO_OF_REDIS_5, "redis")).isNull();
        assertThat(SupportedRedis.infoField("", "redis_version")).isNull();
    }
}
