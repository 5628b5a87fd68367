package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The cloud's own logging configuration keeps Lettuce's line per refused command out, and nothing else. */
class LettuceRefusalLogFilterTest {
    @Test
    void theShippedLogConfigurationDropsLettucesLinePerRefusedCommandOnly() throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
        Logger handler = context.getLogger(LettuceRefusalLogFilter.LETTUCE_PROTOCOL + "DefaultEndpoint");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        handler.addAppender(logged);

        // As Lettuce 7.7's DefaultEndpoint logs them (its own thread, one per command refused).
        for (int i = 0; i < 1_000; i++) {
            RedisException refused = new RedisException(
                    "Internal stack size exceeded: 200. Commands are not accepted until the " + "stack size drops.");
            handler.warn("Unexpected exception during request: {}", refused.toString(), refused);
        }
        handler.warn("{} Unexpected exception during request", "[channel=0x1]", new RedisCommandTimeoutException("x"));
        handler.warn("something else went wrong", new RedisException("NOAUTH Authentication required."));

        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("[channel=0x1] Unexpected exception during request", "something else went wrong");
        context.stop();
    }
}
