package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.CameraRegistration;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The generator's cameras retry on the real camera's timers: the same transmissions at the same times. */
class CameraRetriesTest {
    private static final long HORIZON_MILLIS = 60_000;

    @Test
    void anUnansweredCameraTransmitsWhenTheRealCameraDoes() throws CloudDecodeException {
        assertThat(generatorTransmissions(new CyclingRandom())).isEqualTo(cameraTransmissions(new CyclingRandom()));
    }

    @Test
    void theScheduleIsTheOneOfProtocolSection4_6() {
        List<String> first = generatorTransmissions(new CyclingRandom(0.5)).subList(0, 9);
        assertThat(first)
                .containsExactly(
                        "0 new",
                        "500 again",
                        "1500 again",
                        "3500 again", // 4 transmissions: 0.5, 1, 2 s apart
                        "6500 new", // given up 2 s after the 4th, then a back-off of 1 s
                        "7000 again",
                        "8000 again",
                        "10000 again",
                        "14000 new"); // then 2 s
    }

    /** A real camera whose cloud never answers: its transmissions, "new" for a new transaction. */
    private static List<String> cameraTransmissions(RandomGenerator random) throws CloudDecodeException {
        CameraIdentity identity = CameraIdentity.generate(new SecureRandom());
        CameraRegistration camera = new CameraRegistration(identity, List.of(), random, 0);
        List<String> sent = new ArrayList<>();
        long lastTransaction = 0;
        long now = 0;
        while (now < HORIZON_MILLIS) {
            for (byte[] datagram = camera.pollTransmit(); datagram != null; datagram = camera.pollTransmit()) {
                long transaction =
                        CloudCodec.decode(datagram, 0, datagram.length).transaction();
                sent.add(now + (transaction == lastTransaction ? " again" : " new"));
                lastTransaction = transaction;
            }
            now = camera.nextTimeout();
            camera.handleTimeout(now);
        }
        return sent;
    }

    /** The generator's camera, as SendScheduler runs its timer with {@link CameraRetries}. */
    private static List<String> generatorTransmissions(RandomGenerator random) {
        List<String> sent = new ArrayList<>();
        random.nextLong(); // the camera's first transaction: the same draws on both sides
        sent.add("0 new");
        long now = 0;
        long due = CameraRetries.requestWait(0, random);
        int attempt = 0;
        int failures = 0;
        boolean backingOff = false;
        while (due < HORIZON_MILLIS) {
            now = due;
            if (backingOff) {
                random.nextLong();
                sent.add(now + " new");
                attempt = 0;
                backingOff = false;
                due = now + CameraRetries.requestWait(0, random);
            } else if (CameraRetries.requestGivenUp(++attempt)) {
                backingOff = true;
                due = now + CameraRetries.backOff(failures++, random);
            } else {
                sent.add(now + " again");
                due = now + CameraRetries.requestWait(attempt, random);
            }
        }
        return sent;
    }

    /** Draws from a fixed cycle, so that two instances give both sides the same jitter. */
    private static final class CyclingRandom implements RandomGenerator {
        private final double[] doubles;
        private int next;
        private long longs;

        CyclingRandom(double... doubles) {
            this.doubles = doubles.length == 0 ? new double[] {0.0, 0.9, 0.3, 0.999, 0.6, 0.15} : doubles;
        }

        @Override
        public long nextLong() {
            return ++longs;
        }

        @Override
        public double nextDouble() {
            return doubles[next++ % doubles.length];
        }
    }
}
