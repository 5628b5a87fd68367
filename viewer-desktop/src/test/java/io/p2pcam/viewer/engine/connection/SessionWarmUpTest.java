package io.p2pcam.viewer.engine.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SessionWarmUpTest {
    @Test
    void theInMemoryConnectionReachesTheMediaStepOfARealOne() {
        assertThat(SessionWarmUp.run(new SecureRandom())).isTrue();
    }
}
