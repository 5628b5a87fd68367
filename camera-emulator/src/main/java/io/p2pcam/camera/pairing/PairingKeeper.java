package io.p2pcam.camera.pairing;

import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.Tai64n;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running camera's paired viewers on disk (docs/PROTOCOL.md §10.1, "Pairing store"): read at the
 * start, written after each change by a {@link PairingWriter} (decision 0030), with a
 * {@link RunningMark} that tells an orderly stop from a crash.
 */
public final class PairingKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PairingKeeper.class);

    private final PairingStore.Snapshot initial;
    private final RunningMark runningMark;
    private final PairingWriter writer;

    /**
     * Reads {@code stateDir}'s paired viewers; changes go to {@code sink} instead of the file when it
     * is not null (tests of a slow or failing disk).
     */
    public PairingKeeper(Path stateDir, PairingStore.Journal sink, InstantSource clock) throws IOException {
        PairingFile file = new PairingFile(stateDir);
        PairingStore.Snapshot loaded = file.load();
        this.runningMark = new RunningMark(stateDir);
        this.writer = new PairingWriter(sink == null ? file : sink);
        if (runningMark.begin()) {
            // A mark raised in the milliseconds before a crash may not have reached the file.
            loaded = loaded.withMarksAtLeast(Tai64n.epochNanos(clock.instant()));
            log.warn("the camera did not stop in an orderly way last time: paired viewers' connect requests made "
                    + "before now are refused (STALE), so that none recorded before the stop can be replayed");
            writer.write(loaded);
        }
        this.initial = loaded;
    }

    /** The paired viewers the camera starts with. */
    public PairingStore.Snapshot initial() {
        return initial;
    }

    /** See {@link PairingWriter#write}. */
    public long write(PairingStore.Snapshot snapshot) {
        return writer.write(snapshot);
    }

    /** See {@link PairingWriter#handedOver}. */
    public long handedOver() {
        return writer.handedOver();
    }

    /** See {@link PairingWriter#awaitSaved}. */
    public boolean awaitSaved(long number, Duration timeout) throws InterruptedException {
        return writer.awaitSaved(number, timeout);
    }

    /** Writes what is pending; the stop counts as orderly only if everything reached the disk. */
    @Override
    public void close() {
        writer.close();
        if (writer.allSaved()) {
            try {
                runningMark.end();
            } catch (IOException e) {
                log.warn(
                        "cannot remove the running mark ({}); the next start treats this stop as a crash",
                        e.toString());
            }
        }
    }
}
