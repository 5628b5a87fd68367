package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CameraConnectCapTest {
    private final SecureRandom random = new SecureRandom();
    private final CameraId camera = CameraIdentity.generate(random).id();
    private final CameraConnectCap cap = new CameraConnectCap();

    private int forwarded(CameraId id, int attempts, long now) {
        int passed = 0;
        for (int i = 0; i < attempts; i++) {
            if (cap.tryForward(id, now)) {
                passed++;
            }
        }
        return passed;
    }

    @Test
    void aBurstOfAHundredPassesThenFiftyASecond() {
        assertThat(forwarded(camera, 1_000, 0)).isEqualTo(CameraConnectCap.BURST);
        assertThat(forwarded(camera, 1_000, 1_000)).isEqualTo(CameraConnectCap.PER_SECOND);
        assertThat(forwarded(camera, 1_000, 1_010)).isZero();
    }

    @Test
    void oneCamerasFloodLeavesOtherCamerasAlone() {
        forwarded(camera, 1_000, 0);
        assertThat(forwarded(CameraIdentity.generate(random).id(), 5, 0)).isEqualTo(5);
    }

    private static CameraId id(long head, long tail) {
        byte[] bytes = ByteBuffer.allocate(16).putLong(head).putLong(tail).array();
        byte[] id = new byte[CameraId.BYTES];
        System.arraycopy(bytes, 1, id, 0, CameraId.BYTES); // the last 15 of the 16 bytes
        return CameraId.fromBytes(id);
    }

    @Test
    void camerasWhoseIdsShareTheirFirstEightBytesHaveBucketsOfTheirOwn() {
        CameraConnectCap seeded = new CameraConnectCap(0);
        for (int tail = 0; tail < 50; tail++) {
            CameraId sharing = id(0x0011_2233_4455_6677L, tail);
            assertThat(forwardedBy(seeded, sharing, 1_000, 0))
                    .as("camera %d", tail)
                    .isEqualTo(CameraConnectCap.BURST);
        }
    }

    private static int forwardedBy(CameraConnectCap cap, CameraId id, int attempts, long now) {
        int passed = 0;
        for (int i = 0; i < attempts; i++) {
            if (cap.tryForward(id, now)) {
                passed++;
            }
        }
        return passed;
    }

    /** What the cap did before it forgot refilled buckets: a map of every camera's bucket, never forgotten. */
    private static final class RememberingCap {
        private final Map<CameraId, double[]> buckets = new HashMap<>();

        boolean tryForward(CameraId camera, long now) {
            double[] bucket = buckets.computeIfAbsent(camera, id -> new double[] {CameraConnectCap.BURST, now});
            bucket[0] = Math.min(
                    CameraConnectCap.BURST, bucket[0] + (now - bucket[1]) * CameraConnectCap.PER_SECOND / 1000.0);
            bucket[1] = now;
            if (bucket[0] < 1) {
                return false;
            }
            bucket[0] -= 1;
            return true;
        }
    }

    @Test
    void forgettingRefilledBucketsChangesNoAnswer() {
        Random random = new Random(3);
        CameraId[] ids = new CameraId[2_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(random.nextLong(), random.nextLong());
        }
        CameraConnectCap forgetting = new CameraConnectCap(random.nextLong());
        RememberingCap remembering = new RememberingCap();
        long now = 0;
        int refused = 0;
        for (int step = 0; step < 300_000; step++) {
            now += random.nextInt(2_000) == 0 ? 500 : 0;
            // A few cameras asked for far more than their share, the rest now and then.
            CameraId camera = random.nextInt(3) == 0 ? ids[random.nextInt(5)] : ids[random.nextInt(ids.length)];
            boolean expected = remembering.tryForward(camera, now);
            assertThat(forgetting.tryForward(camera, now)).as("step %d", step).isEqualTo(expected);
            if (!expected) {
                refused++;
            }
        }
        assertThat(refused).as("the flooded cameras were capped").isGreaterThan(10_000);
        assertThat(forgetting.size())
                .as("only buckets still refilling are kept")
                .isLessThan(remembering.buckets.size());
    }

    @Test
    void aCameraForwardedToOnceIsForgottenOnceItsBucketRefilled() {
        CameraConnectCap seeded = new CameraConnectCap(1);
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            seeded.tryForward(id(random.nextLong(), random.nextLong()), 0);
        }
        assertThat(seeded.size()).isGreaterThan(9_000);
        // One token back takes 20 ms; the sweep passes over the table as forwards go on.
        seeded.forgetRefilled(20, 1 << 16);
        assertThat(seeded.size()).isZero();
    }

    @Test
    void atMostMaxCamerasAreTrackedAndAForgottenOneStartsWithAFullBucket() {
        CameraConnectCap seeded = new CameraConnectCap(2);
        Random random = new Random(9);
        CameraId first = id(random.nextLong(), random.nextLong());
        assertThat(forwardedBy(seeded, first, 1_000, 0)).isEqualTo(CameraConnectCap.BURST);
        for (int i = 0; i < CameraConnectCap.MAX_CAMERAS + 10_000; i++) {
            seeded.tryForward(id(random.nextLong(), random.nextLong()), 0); // all at once: none refilled
        }
        assertThat(seeded.size()).isEqualTo(CameraConnectCap.MAX_CAMERAS);
        // Whether or not the first camera was among those forgotten, it gets at most one more burst.
        assertThat(forwardedBy(seeded, first, 1_000, 0)).isLessThanOrEqualTo(CameraConnectCap.BURST);
    }

    @Test
    void forwardsToCamerasThatComeAndGoAllocateNothing() {
        CameraConnectCap seeded = new CameraConnectCap(4);
        Random random = new Random(13);
        CameraId[] ids = new CameraId[40_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = id(random.nextLong(), random.nextLong());
        }
        for (int i = 0; i < 30_000; i++) { // warm: compiled, and the table at the size this rate needs
            seeded.tryForward(ids[i], i);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int passed = 0;
        for (int i = 30_000; i < 40_000; i++) { // a new camera each millisecond, as the benchmark's viewers ask
            if (seeded.tryForward(ids[i], i)) {
                passed++;
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(passed).isEqualTo(10_000);
        // The map of buckets allocated an entry and a bucket for each new camera (96 bytes), kept
        // until 100,000 newer ones pushed it out: 960,000 bytes here.
        assertThat(allocated).as("bytes allocated by 10,000 forwards").isLessThan(1_000);
    }
}
