package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.audio.OpusRtp;
import java.security.SecureRandom;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class SessionWarmUpTest {
    @Test
    void theInMemoryConnectionReachesTheMediaStepOfARealOne() {
        assertThat(SessionWarmUp.run(new SecureRandom(), InstantSource.system()))
                .isTrue();
    }

    @Test
    void theCompilingWarmUpCarriesEveryFrameAndSoundPacketOfItsStretch() {
        SessionWarmUp.Carried carried = SessionWarmUp.runToCompile(new SecureRandom(), InstantSource.system());

        // 30 frames (of 4 packets) and 50 sound packets a simulated second, all opened by the viewer.
        int seconds = SessionWarmUp.COMPILING_STRETCHES * SessionWarmUp.COMPILING_SECONDS;
        assertThat(carried.framesSent()).isEqualTo(seconds * 30);
        assertThat(carried.framesSeen()).isEqualTo(carried.framesSent());
        assertThat(carried.soundSent()).isEqualTo(seconds * 1000 / OpusRtp.FRAME_MILLIS);
        assertThat(carried.soundSeen()).isEqualTo(carried.soundSent());
        // The jitter buffer gives back all but the last few of each stretch, still inside its delay as it ends.
        assertThat(carried.soundPlayed())
                .isBetween(carried.soundSent() - 5 * SessionWarmUp.COMPILING_STRETCHES, carried.soundSent());
        assertThat(carried.all()).isTrue();
    }
}
