package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RegistryDownLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RegistryDownLogTest.class.getName() + ".log");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final RegistryDownLog log = new RegistryDownLog(logger, "10.0.0.5:6379", "10.0.0.11:32100");

    RegistryDownLogTest() {
        lines.start();
        logger.addAppender(lines);
    }

    @Test
    void attemptsFailingForTheSameReasonAreOneLineAtOnceThenOneAMinuteSayingHowManyItStandsFor() {
        for (long second = 0; second < 150; second += 2) { // an attempt every 2 s for 150 s
            log.failed(new RedisConnectionException("Connection refused"), false, second * 1_000);
        }

        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "cluster registry 10.0.0.5:6379 unreachable (Connection refused): node 10.0.0.11:32100 is "
                                + "degraded, serving its own cameras only; retrying",
                        "cluster registry 10.0.0.5:6379 unreachable (Connection refused): node 10.0.0.11:32100 is "
                                + "degraded, serving its own cameras only; retrying (and 29 more like it since the last)",
                        "cluster registry 10.0.0.5:6379 unreachable (Connection refused): node 10.0.0.11:32100 is "
                                + "degraded, serving its own cameras only; retrying (and 29 more like it since the last)");
    }

    @Test
    void aNewReasonIsSaidAtOnceAndARefusalOfScriptsInTheWordsAnAdminActsOn() {
        log.failed(new RedisConnectionException("Connection refused"), false, 0);
        log.failed(new RegistryScripts.ScriptsRefusedException("EVAL", "ERR unknown command 'EVAL'"), false, 2_000);
        log.failed(new RegistryScripts.ScriptsRefusedException("EVAL", "ERR unknown command 'EVAL'"), false, 4_000);

        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(2)
                .last()
                .isEqualTo("cluster registry 10.0.0.5:6379: this Redis refuses Lua scripts (EVAL: ERR unknown command "
                        + "'EVAL'); p2pcam needs them (EVAL, EVALSHA, SCRIPT LOAD: ACL category +@scripting), see "
                        + "docs/ADMIN.md \"Running a cluster\": node 10.0.0.11:32100 is degraded, serving its own "
                        + "cameras only; retrying");
    }

    @Test
    void aRegistryThatAnsweredAndFailsAgainIsSaidAtOnceWhateverTheReason() {
        log.failed(new RedisConnectionException("Connection refused"), false, 0);
        log.failed(new RedisConnectionException("Connection refused"), true, 10_000); // it had come back since

        assertThat(lines.list).hasSize(2);
    }
}
