package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class UnwrittenCamerasTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aCameraThatFailedManyTimesIsWrittenAgainOnceAndThenForgotten() {
        UnwrittenCameras unwritten = new UnwrittenCameras(4);
        CameraId first = camera();
        CameraId second = camera();
        unwritten.failed(first);
        unwritten.failed(second);
        unwritten.failed(first);

        assertThat(unwritten.takeAll()).containsExactly(first, second);
        assertThat(unwritten.takeAll()).isEmpty();
    }

    @Test
    void pastItsCapacityItHoldsNoCameraAndSaysItOverflowedUntilTaken() {
        UnwrittenCameras unwritten = new UnwrittenCameras(2);
        unwritten.failed(camera());
        CameraId again = camera();
        unwritten.failed(again);
        unwritten.failed(again);
        assertThat(unwritten.overflowed()).as("a repeat of a remembered camera").isFalse();

        unwritten.failed(camera());
        unwritten.failed(camera());
        assertThat(unwritten.overflowed()).isTrue();
        assertThat(unwritten.size()).isZero();

        unwritten.takeAll();
        assertThat(unwritten.overflowed()).isFalse();
        unwritten.failed(again);
        assertThat(unwritten.takeAll()).containsExactly(again);
    }

    @Test
    void takingAFewLeavesTheRestForLaterOldestFirst() {
        UnwrittenCameras unwritten = new UnwrittenCameras(8);
        CameraId first = camera();
        CameraId second = camera();
        CameraId third = camera();
        unwritten.failed(first);
        unwritten.failed(second);
        unwritten.failed(third);

        assertThat(unwritten.take(2)).containsExactly(first, second);
        assertThat(unwritten.take(2)).containsExactly(third);
    }

    private CameraId camera() {
        return CameraIdentity.generate(random).id();
    }
}
