package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RareProblemLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RareProblemLogTest.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final RareProblemLog problems = new RareProblemLog(logger);

    @BeforeEach
    void capture() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logged);
    }

    @Test
    void theFirstErrorIsLoggedWithItsStackTraceAndTheNextMinuteNotAtAll() {
        problems.report(new IllegalStateException("first"), 0);
        for (long now = 1; now < 60_000; now += 100) {
            problems.report(new IllegalStateException("later"), now);
        }

        assertThat(logged.list).hasSize(1);
        ILoggingEvent line = logged.list.getFirst();
        assertThat(line.getFormattedMessage())
                .isEqualTo("unexpected error on the UDP channel (it keeps running): "
                        + "java.lang.IllegalStateException: first");
        assertThat(line.getThrowableProxy()).as("the stack trace").isNotNull();
    }

    @Test
    void aMinuteLaterOneLineCountsTheErrorsSinceTheLastWithoutAStackTrace() {
        problems.report(new IllegalStateException("first"), 0);
        for (long now = 1; now <= 10; now++) {
            problems.report(new IllegalStateException("held back"), now);
        }
        problems.report(new IllegalArgumentException("latest"), 60_000);

        assertThat(logged.list).hasSize(2);
        ILoggingEvent line = logged.list.getLast();
        assertThat(line.getFormattedMessage())
                .isEqualTo("11 more unexpected errors on the UDP channel, the latest: "
                        + "java.lang.IllegalArgumentException: latest");
        assertThat(line.getThrowableProxy()).isNull();
    }

    @Test
    void anErrorAfterAQuietMinuteIsLoggedAsOneMore() {
        problems.report(new IllegalStateException("first"), 0);
        problems.report(new IllegalStateException("much later"), 3_600_000);

        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .last()
                .isEqualTo("1 more unexpected errors on the UDP channel, the latest: "
                        + "java.lang.IllegalStateException: much later");
    }
}
