package io.p2pcam.runtime;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPortTest {
    @Test
    void aCommaListGivesEveryNodeInOrderWithoutRepeats() {
        assertThat(HostPort.parseAll("192.0.2.1:4000, [2001:db8::1]:4001,192.0.2.2,192.0.2.1:4000", 32100))
                .containsExactly(address("192.0.2.1", 4000), address("2001:db8::1", 4001), address("192.0.2.2", 32100));
    }

    @Test
    void oneAddressGivesOneNode() {
        assertThat(HostPort.parseAll("192.0.2.7", 32100)).containsExactly(address("192.0.2.7", 32100));
    }

    @Test
    void anEmptyEntryInTheListIsRefusedWithItsReason() {
        assertThatThrownBy(() -> HostPort.parseAll("192.0.2.1,,192.0.2.2", 32100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no address given");
        assertThatThrownBy(() -> HostPort.parseAll("192.0.2.1:99999", 32100)).hasMessageContaining("no valid port");
    }
}
