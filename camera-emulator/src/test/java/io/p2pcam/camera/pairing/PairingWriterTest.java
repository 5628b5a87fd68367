package io.p2pcam.camera.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import io.p2pcam.protocol.testing.Eventually;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PairingWriterTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A journal whose saves wait for {@link #release} and then succeed, or fail the first {@code failures} times. */
    private static final class FakeJournal implements PairingStore.Journal {
        final List<PairingStore.Snapshot> saved = new CopyOnWriteArrayList<>();
        final AtomicInteger attempts = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        final int failures;

        FakeJournal(boolean blocks, int failures) {
            this.release = new CountDownLatch(blocks ? 1 : 0);
            this.failures = failures;
        }

        @Override
        public void save(PairingStore.Snapshot snapshot) throws PairingStoreException {
            entered.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new AssertionError("the test never released the journal");
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (attempts.incrementAndGet() <= failures) {
                throw new PairingStoreException("disk full", new IOException("No space left on device"));
            }
            saved.add(snapshot);
        }
    }

    private PairingWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    private static PairingStore.Snapshot snapshot(int n) {
        return new PairingStore.Snapshot(List.of(), Map.of(Bytes.of(new byte[32]), (long) n));
    }

    @Test
    void theCallerGoesOnWhileTheSnapshotItHandedOverIsBeingSaved() throws Exception {
        FakeJournal journal = new FakeJournal(true, 0);
        writer = new PairingWriter(journal);

        long number = writer.write(snapshot(1));

        assertThat(journal.entered.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(journal.saved).isEmpty();
        assertThat(writer.awaitSaved(number, Duration.ofMillis(50))).isFalse();
        journal.release.countDown();
        assertThat(writer.awaitSaved(number, WAIT)).isTrue();
        assertThat(journal.saved).containsExactly(snapshot(1));
    }

    @Test
    void snapshotsHandedOverDuringASaveReplaceOneAnotherAndOnlyTheNewestIsSaved() throws Exception {
        FakeJournal journal = new FakeJournal(true, 0);
        writer = new PairingWriter(journal);
        writer.write(snapshot(1));
        assertThat(journal.entered.await(10, TimeUnit.SECONDS)).isTrue();

        long last = 0;
        for (int n = 2; n <= 1_000; n++) { // a flood of changes while the disk is slow
            last = writer.write(snapshot(n));
        }
        journal.release.countDown();

        assertThat(writer.awaitSaved(last, WAIT)).isTrue();
        assertThat(journal.saved).containsExactly(snapshot(1), snapshot(1_000));
    }

    @Test
    void aFailedSaveIsTriedAgainUntilItSucceeds() throws Exception {
        FakeJournal journal = new FakeJournal(false, 2);
        writer = new PairingWriter(journal, Duration.ofMillis(10));

        long number = writer.write(snapshot(1));

        assertThat(writer.awaitSaved(number, WAIT)).isTrue();
        assertThat(journal.attempts).hasValue(3);
        assertThat(journal.saved).containsExactly(snapshot(1));
    }

    @Test
    void aNewerChangeReplacesTheSnapshotWhoseSaveFailed() throws Exception {
        FakeJournal journal = new FakeJournal(false, 1);
        writer = new PairingWriter(journal, Duration.ofHours(1)); // no timed retry: only the change
        writer.write(snapshot(1));
        Eventually.await("the first save fails", WAIT, () -> journal.attempts.get() == 1);

        long number = writer.write(snapshot(2));

        assertThat(writer.awaitSaved(number, WAIT)).isTrue();
        assertThat(journal.saved).containsExactly(snapshot(2));
    }

    @Test
    void closingSavesWhatIsWaitingFirst() throws Exception {
        FakeJournal journal = new FakeJournal(true, 0);
        writer = new PairingWriter(journal);
        writer.write(snapshot(1));
        assertThat(journal.entered.await(10, TimeUnit.SECONDS)).isTrue();
        writer.write(snapshot(2));

        Thread closer = Thread.ofPlatform().start(writer::close);
        journal.release.countDown();
        closer.join(WAIT);

        assertThat(closer.isAlive()).isFalse();
        assertThat(journal.saved).containsExactly(snapshot(1), snapshot(2));
    }

    @Test
    void closingGivesAFailedSaveOneMoreTryAndReturns() throws Exception {
        FakeJournal journal = new FakeJournal(false, 1);
        writer = new PairingWriter(journal, Duration.ofHours(1));
        writer.write(snapshot(1));
        Eventually.await("the first save fails", WAIT, () -> journal.attempts.get() == 1);

        writer.close();

        assertThat(journal.saved).containsExactly(snapshot(1));
    }

    @Test
    void aCloseThatComesWhileASaveIsFailingStillGivesItOneMoreTry() throws Exception {
        FakeJournal journal = new FakeJournal(true, 1);
        writer = new PairingWriter(journal, Duration.ofHours(1));
        writer.write(snapshot(1));
        assertThat(journal.entered.await(10, TimeUnit.SECONDS)).isTrue(); // the first save is under way

        Thread closer = Thread.ofPlatform().start(writer::close);
        Eventually.await("close() asked", WAIT, () -> closer.getState() == Thread.State.TIMED_WAITING);
        journal.release.countDown(); // ... and fails
        closer.join(WAIT);

        assertThat(journal.attempts).hasValue(2);
        assertThat(journal.saved).containsExactly(snapshot(1));
    }
}
