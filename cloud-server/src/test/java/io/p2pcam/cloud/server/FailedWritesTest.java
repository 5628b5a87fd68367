package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class FailedWritesTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void failuresBeyondTheCapacityAreHandedOverAsAnOverflowAndEachBatchOnlyOnce() {
        FailedWrites failed = new FailedWrites(2);
        assertThat(failed.take()).as("nothing failed").isNull();
        CameraId first = camera();
        CameraId second = camera();
        failed.failed(first);
        failed.failed(second);
        failed.failed(camera());

        FailedWrites.Batch batch = failed.take();
        assertThat(batch.cameras()).containsExactly(first, second);
        assertThat(batch.overflowed()).as("a third failure was not kept").isTrue();
        assertThat(failed.take()).as("handed over once").isNull();
    }

    private CameraId camera() {
        return CameraIdentity.generate(random).id();
    }
}
