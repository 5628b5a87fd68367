package io.p2pcam.viewer.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.runtime.LanBrowser;
import io.p2pcam.viewer.engine.connection.LanAnnouncements;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/** The Add camera dialog's list of cameras on the network, and its count of ignored announcements. */
class FoundCamerasModelTest {
    /** A browser's announcements, changed by hand. */
    private static final class FakeLan implements LanAnnouncements {
        private final List<Consumer<List<LanBrowser.Found>>> listSubscribers = new CopyOnWriteArrayList<>();
        private final List<LongConsumer> ignoredSubscribers = new CopyOnWriteArrayList<>();
        private List<LanBrowser.Found> found = List.of();
        private long ignored;

        void found(List<LanBrowser.Found> now) {
            found = now;
            listSubscribers.forEach(subscriber -> subscriber.accept(now));
        }

        void ignored(long now) {
            ignored = now;
            ignoredSubscribers.forEach(subscriber -> subscriber.accept(now));
        }

        @Override
        public List<LanBrowser.Found> found() {
            return found;
        }

        @Override
        public long ignoredAnnouncements() {
            return ignored;
        }

        @Override
        public Runnable subscribe(Consumer<List<LanBrowser.Found>> subscriber) {
            listSubscribers.add(subscriber);
            return () -> listSubscribers.remove(subscriber);
        }

        @Override
        public Runnable subscribeIgnored(LongConsumer subscriber) {
            ignoredSubscribers.add(subscriber);
            return () -> ignoredSubscribers.remove(subscriber);
        }
    }

    private final FakeLan lan = new FakeLan();
    /** The UI thread's queue, run by hand. */
    private final Queue<Runnable> uiThread = new ArrayDeque<>();

    private static LanBrowser.Found camera(String name) throws Exception {
        return new LanBrowser.Found(
                new LanAnnouncement(CameraIdentity.generate(new SecureRandom()).id(), name, 40_000),
                List.of(InetAddress.getByName("192.0.2.10")));
    }

    private void runUiThread() {
        while (!uiThread.isEmpty()) {
            uiThread.poll().run();
        }
    }

    @Test
    void theIgnoredCountShowsAsItGrowsThoughTheListDoesNotChange() throws Exception {
        LanBrowser.Found porch = camera("Porch");
        lan.found(List.of(porch));
        FoundCamerasModel model = new FoundCamerasModel(Set.of(), Runnable::run);
        model.listenTo(lan);
        assertThat(model.cameras()).containsExactly(porch);
        assertThat(model.ignoredMessageProperty().get()).isEmpty();

        lan.ignored(3);

        assertThat(model.ignoredMessageProperty().get())
                .isEqualTo("3 more announcements ignored (too many from one address)");
        lan.ignored(40);
        assertThat(model.ignoredMessageProperty().get()).startsWith("40 more announcements ignored");
        assertThat(model.cameras()).containsExactly(porch);
    }

    @Test
    void aFloodOfCountsReachesTheUiThreadOnceWithTheLatest() {
        FoundCamerasModel model = new FoundCamerasModel(Set.of(), uiThread::add);
        model.listenTo(lan);
        runUiThread();

        for (long count = 1; count <= 10_000; count++) {
            lan.ignored(count);
        }

        assertThat(uiThread).as("one hand-over queued").hasSize(1);
        runUiThread();
        assertThat(model.ignoredMessageProperty().get()).startsWith("10000 more announcements ignored");
        lan.ignored(10_001);
        assertThat(uiThread).as("queued again once shown").hasSize(1);
    }

    @Test
    void camerasAlreadyInTheViewersListAreNotListedAndNothingIsHeardOnceHidden() throws Exception {
        LanBrowser.Found porch = camera("Porch");
        LanBrowser.Found garden = camera("Garden");
        FoundCamerasModel model = new FoundCamerasModel(Set.of(porch.id()), Runnable::run);
        Runnable stop = model.listenTo(lan);

        lan.found(List.of(porch, garden));
        assertThat(model.cameras()).containsExactly(garden);

        stop.run();
        lan.found(List.of());
        lan.ignored(5);
        assertThat(model.cameras()).containsExactly(garden);
        assertThat(model.ignoredMessageProperty().get()).isEmpty();
    }
}
