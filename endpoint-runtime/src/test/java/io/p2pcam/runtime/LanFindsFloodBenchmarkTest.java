package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.lan.LanAnnouncement;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures what one announcement costs {@link LanFinds} when its table is full (docs/BENCHMARKS.md,
 * "LAN discovery: one announcement at a full table"): {@link LanFinds#MAX_INSTANCES} strangers from
 * 32 sources (8 each) and {@link LanFinds#MAX_WANTED} wanted IDs claimed {@link
 * LanFinds#MAX_PER_WANTED_ID} times each, 512 instances. Printed per round, in µs per call: a new
 * stranger from a source holding its 8 (refused, as a one-address flood is), a stranger from a new
 * source (held in the place of another source's newest until the shares even out, then refused;
 * each timed alone, the two kinds apart),
 * a new claim of a wanted ID whose room is full (refused), and {@link LanFinds#hasRoom} (the
 * resolving thread asks it before each start). Asserts only that the table stayed full.
 */
@Tag("benchmark")
class LanFindsFloodBenchmarkTest {
    private static final int ROUNDS = Integer.getInteger("p2pcam.benchmark.runs", 5);
    private static final int CALLS = 20_000;
    private static final int SOURCES = LanFinds.MAX_INSTANCES / LanFinds.MAX_PER_SOURCE;

    private final Random random = new Random(1);
    private final List<CameraId> wantedIds = new ArrayList<>();
    private final Set<CameraId> wanted = new HashSet<>();

    private CameraId anyId() {
        byte[] bytes = new byte[CameraId.BYTES];
        random.nextBytes(bytes);
        return CameraId.fromBytes(bytes);
    }

    private static InetAddress address(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
    }

    private static LanBrowser.Found found(CameraId id, InetAddress address) {
        return new LanBrowser.Found(new LanAnnouncement(id, "Camera", 40_000), List.of(address));
    }

    private LanFinds fullTable() throws Exception {
        LanFinds finds = new LanFinds(wanted::contains);
        for (int i = 0; i < LanFinds.MAX_INSTANCES; i++) {
            InetAddress source = address(i % SOURCES);
            assertThat(finds.announced("Stranger " + i, found(anyId(), source), source))
                    .isTrue();
        }
        for (int i = 0; i < LanFinds.MAX_WANTED; i++) {
            for (int claim = 0; claim < LanFinds.MAX_PER_WANTED_ID; claim++) {
                InetAddress source = address(1_000 + i * LanFinds.MAX_PER_WANTED_ID + claim);
                finds.announced("Wanted " + i + "/" + claim, found(wantedIds.get(i), source), source);
            }
        }
        assertThat(finds.instances())
                .hasSize(LanFinds.MAX_INSTANCES + LanFinds.MAX_WANTED * LanFinds.MAX_PER_WANTED_ID);
        return finds;
    }

    @Test
    void oneAnnouncementAtAFullTable() throws Exception {
        for (int i = 0; i < LanFinds.MAX_WANTED; i++) {
            wantedIds.add(anyId());
        }
        wanted.addAll(wantedIds);
        List<LanBrowser.Found> strangers = new ArrayList<>();
        for (int i = 0; i < CALLS; i++) {
            strangers.add(found(anyId(), address(i % SOURCES)));
        }
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            LanFinds finds = fullTable();
            long started = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                LanBrowser.Found camera = strangers.get(i);
                finds.announced("Flood " + i, camera, camera.addresses().getFirst());
            }
            double fullSource = perCall(started);

            finds = fullTable();
            long heldNanos = 0;
            long refusedNanos = 0;
            int held = 0;
            for (int i = 0; i < CALLS; i++) {
                InetAddress source = address(100_000 + i);
                String name = "New source " + i;
                long call = System.nanoTime();
                finds.announced(name, found(strangers.get(i).id(), source), source);
                if (finds.holds(name)) {
                    heldNanos += System.nanoTime() - call;
                    held++;
                } else {
                    refusedNanos += System.nanoTime() - call;
                }
            }
            double newSourceHeld = heldNanos / 1_000.0 / held;
            double newSourceRefused = refusedNanos / 1_000.0 / (CALLS - held);

            finds = fullTable();
            started = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                InetAddress source = address(200_000 + i);
                finds.announced("Claim " + i, found(wantedIds.get(i % LanFinds.MAX_WANTED), source), source);
            }
            double wantedClaim = perCall(started);

            started = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                finds.hasRoom();
            }
            double hasRoom = perCall(started);
            assertThat(finds.instances())
                    .hasSize(LanFinds.MAX_INSTANCES + LanFinds.MAX_WANTED * LanFinds.MAX_PER_WANTED_ID);
            String line =
                    "round %d: stranger from a full source %.2f µs; from a new source: held in another's place %.2f µs (%d calls), refused %.2f µs; claim of a full wanted ID %.2f µs; hasRoom %.2f µs"
                            .formatted(round, fullSource, newSourceHeld, held, newSourceRefused, wantedClaim, hasRoom);
            System.out.println(line);
            lines.add(line);
        }
        System.out.println(String.join(System.lineSeparator(), lines));
    }

    private static double perCall(long started) {
        return (System.nanoTime() - started) / 1_000.0 / CALLS;
    }
}
