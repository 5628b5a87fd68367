package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import io.p2pcam.runtime.LanHeldInstances.Announced;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The indexes of what {@link LanFinds} holds agree, after any changes, with what is held. */
class LanHeldInstancesTest {
    private final Random random = new Random(63);
    private final Set<CameraId> wanted = new HashSet<>();
    private final LanHeldInstances held = new LanHeldInstances(wanted::contains);
    private final List<CameraId> ids = new ArrayList<>();
    private long order;

    private CameraId newId() {
        byte[] bytes = new byte[CameraId.BYTES];
        random.nextBytes(bytes);
        return CameraId.fromBytes(bytes);
    }

    private static InetAddress source(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private Announced announced(CameraId id, int source) {
        LanAnnouncement announcement = new LanAnnouncement(id, "Camera", 40_000 + random.nextInt(10));
        return new Announced(new LanBrowser.Found(announcement, List.of(source(source))), source(source), order++);
    }

    @Test
    void theIndexesAgreeWithWhatIsHeldAfterAnnouncementsGoodbyesAndChangesOfWhatIsLookedFor() throws Exception {
        for (int i = 0; i < 12; i++) {
            ids.add(newId());
        }
        for (int step = 0; step < 5_000; step++) {
            String name = "Instance " + random.nextInt(40);
            int what = random.nextInt(10);
            if (what < 6) { // announced, maybe again with another ID or from another source
                held.put(name, announced(ids.get(random.nextInt(ids.size())), random.nextInt(6)));
            } else if (what < 9) { // a goodbye, or records that expired
                held.remove(name);
            } else {
                CameraId id = ids.get(random.nextInt(ids.size()));
                if (!wanted.remove(id)) {
                    wanted.add(id);
                }
                held.lookingForChanged();
            }
            assertIndexesAgree(step);
        }
    }

    private void assertIndexesAgree(int step) {
        List<Map.Entry<String, Announced>> all = held.entries().stream()
                .sorted(Comparator.comparingLong(entry -> entry.getValue().order()))
                .toList();
        Map<CameraId, List<String>> byId = new HashMap<>();
        Map<InetAddress, List<String>> strangersBySource = new HashMap<>();
        for (Map.Entry<String, Announced> entry : all) {
            CameraId id = entry.getValue().camera().id();
            byId.computeIfAbsent(id, ignored -> new ArrayList<>()).add(entry.getKey());
            if (!wanted.contains(id)) {
                strangersBySource
                        .computeIfAbsent(entry.getValue().source(), ignored -> new ArrayList<>())
                        .add(entry.getKey());
            }
        }
        for (CameraId id : ids) {
            assertThat(List.copyOf(held.ofId(id)))
                    .as("step %d: the instances of an ID, the first held first", step)
                    .isEqualTo(byId.getOrDefault(id, List.of()));
        }
        assertThat(held.wantedIds()).as("step %d: IDs looked for held", step).isEqualTo((int)
                byId.keySet().stream().filter(wanted::contains).count());
        assertThat(held.strangers())
                .as("step %d: strangers held", step)
                .isEqualTo(
                        strangersBySource.values().stream().mapToInt(List::size).sum());
        for (int n = 0; n < 6; n++) {
            InetAddress source = source(n);
            assertThat(List.copyOf(held.strangersFrom(source)))
                    .as("step %d: the strangers of a source", step)
                    .isEqualTo(strangersBySource.getOrDefault(source, List.of()));
        }
        int largest =
                strangersBySource.values().stream().mapToInt(List::size).max().orElse(0);
        assertThat(held.largestStrangerShare())
                .as("step %d: a largest share", step)
                .hasSize(largest)
                .satisfiesAnyOf(
                        share -> assertThat(share).isEmpty(),
                        share -> assertThat(strangersBySource.values().stream()
                                        .map(Set::copyOf)
                                        .collect(Collectors.toSet()))
                                .contains(Set.copyOf(share)));
    }
}
