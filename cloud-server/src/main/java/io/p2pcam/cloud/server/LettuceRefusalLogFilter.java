package io.p2pcam.cloud.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.lettuce.core.RedisException;
import org.slf4j.Marker;

/**
 * Drops the warning Lettuce logs, with a stack trace, for each command it refuses at its request
 * queue ("Internal stack size exceeded", from {@code DefaultEndpoint} or {@code CommandHandler} on
 * its own thread when Redis hangs: a flood of refusals flooded the log). The node counts those commands itself and says how many,
 * spaced out ({@link RefusedCommandsLog}, {@code p2pcam_cluster_registry_operations_total{kind="refused"}}).
 * Every other line of Lettuce's passes. Installed by the cloud's {@code logback.xml}.
 */
public final class LettuceRefusalLogFilter extends TurboFilter {
    /** Where Lettuce's command writers log (CommandHandler, DefaultEndpoint). */
    static final String LETTUCE_PROTOCOL = "io.lettuce.core.protocol.";

    @Override
    public FilterReply decide(
            Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
        return level == Level.WARN
                        && logger.getName().startsWith(LETTUCE_PROTOCOL)
                        && isRefusal(thrown != null ? thrown : lastThrowable(params))
                ? FilterReply.DENY
                : FilterReply.NEUTRAL;
    }

    /** Lettuce's words for a command refused at a full queue (a plain {@link RedisException}). */
    static boolean isRefusal(Throwable thrown) {
        return thrown != null
                && thrown.getClass() == RedisException.class
                && String.valueOf(thrown.getMessage()).contains("size exceeded");
    }

    /** SLF4J passes a trailing exception among the parameters. */
    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable t ? t : null;
    }
}
