package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraId;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The mark a pass leaves (the newest handshake timestamp it passed with, docs/PROTOCOL.md §5.3) is
 * what keeps a recorded copy of a paired viewer's request from passing again. Whoever owns cameras
 * knows their camera pass keys and can make valid passes for as many pass ids as they like: however
 * many marks they make, a mark still inside its window keeps protecting (invariant 2), and an
 * honest viewer whose mark was kept is not affected (invariant 4).
 */
class PassMarkChurnTest {
    private final SplittableRandom random = new SplittableRandom(7);
    private final Bytes passSecret = Bytes.of(bytes(32));
    private final CloudPasses passes = new CloudPasses(passSecret, 0);
    private final CameraId victimCamera = CameraId.fromBytes(bytes(CameraId.BYTES));
    private final CloudPass victimPass = CloudPass.issue(passes.cameraPassKey(victimCamera), Bytes.of(bytes(32)));
    private long now = 1_000_000;
    private long transactions;
    /** The churner's camera made last. */
    private CameraId lastChurned;

    @Test
    void aRecordedRequestStillInsideItsWindowDoesNotPassAgainAfterAnyChurnOfMarks() {
        ConnectRequest recorded = request(victimCamera, victimPass, now);
        assertThat(passes.check(recorded, now)).isEqualTo(PassVerdict.PASSED);

        now += 1_000;
        churn(CloudPasses.MAX_TRACKED + CloudPasses.MAX_PASS_IDS_PER_CAMERA);

        assertThat(passes.check(recorded, now))
                .as("the recorded copy, %d s old, after the table was filled with other passes' marks", 1)
                .isNotEqualTo(PassVerdict.PASSED);
    }

    @Test
    void oneCameraCannotPushOutOtherCamerasMarks() {
        ConnectRequest recorded = request(victimCamera, victimPass, now);
        assertThat(passes.check(recorded, now)).isEqualTo(PassVerdict.PASSED);
        CameraId own = CameraId.fromBytes(bytes(CameraId.BYTES));

        int passed = 0;
        for (long passId = 1; passId <= CloudPasses.MAX_TRACKED + 1; passId++) {
            if (passes.check(request(own, passOf(own, passId), now), now) == PassVerdict.PASSED) {
                passed++;
            }
        }

        assertThat(passed).as("pass ids of one camera tracked at once").isEqualTo(CloudPasses.MAX_PASS_IDS_PER_CAMERA);
        ConnectRequest nextOfVictim = request(victimCamera, victimPass, now + 1);
        assertThat(passes.check(nextOfVictim, now))
                .as("the victim's next request: its mark, kept, still lets a newer one through")
                .isEqualTo(PassVerdict.PASSED);
    }

    @Test
    void anHonestViewerWhoseMarkWasKeptIsNotAffectedByTheFreshMarksDroppedAroundIt() {
        // The table filled with marks stamped a minute behind the clock, then the paired viewer's.
        CameraId dropped = CameraId.fromBytes(bytes(CameraId.BYTES));
        ConnectRequest copyOfDropped = request(dropped, passOf(dropped, 1), now - 60_000);
        assertThat(passes.check(copyOfDropped, now)).isEqualTo(PassVerdict.PASSED);
        churn(CloudPasses.MAX_TRACKED - 2, now - 60_000);
        assertThat(passes.check(request(victimCamera, victimPass, now), now)).isEqualTo(PassVerdict.PASSED);

        churn(1_000, now); // 1,000 more: as many fresh marks dropped, the soonest forgettable (a minute older)
        now += 2_000;

        assertThat(passes.check(request(victimCamera, victimPass, now), now))
                .as("the paired viewer's next connect, its mark kept")
                .isEqualTo(PassVerdict.PASSED);
        assertThat(passes.check(copyOfDropped, now))
                .as("a copy of a request whose fresh mark was dropped: it fails closed")
                .isEqualTo(PassVerdict.STALE);
        CameraId newcomer = CameraId.fromBytes(bytes(CameraId.BYTES));
        assertThat(passes.check(request(newcomer, passOf(newcomer, 1), now), now))
                .as("a pass without a mark, newer than what was dropped")
                .isEqualTo(PassVerdict.PASSED);
    }

    /** Marks of {@code count} fresh passes stamped now, from as many of the churner's own cameras as the per-camera cap needs. */
    private void churn(int count) {
        churn(count, now);
    }

    /** Marks of {@code count} passes stamped {@code stampedAt}, from as many of the churner's own cameras as needed. */
    private void churn(int count, long stampedAt) {
        for (int i = 0; i < count; i++) {
            long passId = i % CloudPasses.MAX_PASS_IDS_PER_CAMERA + 1;
            if (passId == 1) {
                lastChurned = CameraId.fromBytes(bytes(CameraId.BYTES));
            }
            passes.check(request(lastChurned, passOf(lastChurned, passId), stampedAt), now);
        }
    }

    private CloudPass passOf(CameraId camera, long passId) {
        return new CloudPass(passId, CloudPass.passKey(passes.cameraPassKey(camera), passId));
    }

    private ConnectRequest request(CameraId camera, CloudPass pass, long stampedAt) {
        return PassedRequests.request(camera, ++transactions, stampedAt, pass);
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
