package io.p2pcam.viewer;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The warnings a logger wrote while an action ran, as people read them (the formatted messages). */
public final class LoggedWarnings {
    private LoggedWarnings() {}

    public static List<String> of(Class<?> logger, Runnable action) {
        Logger logback = (Logger) LoggerFactory.getLogger(logger);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logback.addAppender(logged);
        try {
            action.run();
        } finally {
            logback.detachAppender(logged);
        }
        return logged.list.stream()
                .filter(event -> event.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
