package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RefusedCommandsLogTest {
    @Test
    void aFloodOfRefusedCommandsIsOneLineAtOnceThenOneAMinuteEachSayingHowManyWithoutAStackTrace() {
        Logger logger = (Logger) LoggerFactory.getLogger(RefusedCommandsLogTest.class.getName() + ".log");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        RefusedCommandsLog log = new RefusedCommandsLog(logger, "10.0.0.5:6379");

        log.refusedSoFar(0, 0); // nothing refused yet: nothing said
        long refused = 0;
        for (long second = 1; second <= 150; second++) { // 20,000 commands refused each heartbeat for 150 s
            refused += 20_000;
            log.refusedSoFar(refused, second * 1_000);
        }

        assertThat(lines.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .hasSize(3) // at 1 s, 61 s, 121 s
                .allMatch(line -> line.startsWith("cluster registry 10.0.0.5:6379: "));
        assertThat(lines.list.get(0).getFormattedMessage()).contains(": 20000 commands refused");
        assertThat(lines.list.get(1).getFormattedMessage()).contains(": 1200000 commands refused");
        assertThat(lines.list).allMatch(line -> line.getThrowableProxy() == null);
    }
}
