package io.p2pcam.protocol.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class SessionWarmUpTest {
    @Test
    void theInMemoryConnectionReachesTheMediaStepOfARealOne() {
        assertThat(SessionWarmUp.run(new SecureRandom(), InstantSource.system()))
                .isTrue();
    }
}
