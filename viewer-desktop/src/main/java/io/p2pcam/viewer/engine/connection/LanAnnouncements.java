package io.p2pcam.viewer.engine.connection;

import io.p2pcam.runtime.LanBrowser;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * What the Add camera dialog shows of the LAN (docs/PROTOCOL.md §10.8): the cameras announced,
 * and how many announcements were not listed for want of room (a flood of forged ones shows as
 * this count, not as a list of fakes). Implementations are thread-safe; subscribers hear changes
 * on a thread of the browser's: they hand them to their own thread and return.
 */
public interface LanAnnouncements {
    /** The cameras found so far, in the order they were found. */
    List<LanBrowser.Found> found();

    /** How many announcements were not listed for want of room since browsing started. */
    long ignoredAnnouncements();

    /** Hears the whole list after each change until the returned action is run. */
    Runnable subscribe(Consumer<List<LanBrowser.Found>> subscriber);

    /** Hears {@link #ignoredAnnouncements} each time it grows until the returned action is run. */
    Runnable subscribeIgnored(LongConsumer subscriber);
}
