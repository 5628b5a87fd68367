package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanHostsTest {
    private final LanHosts hosts = new LanHosts();

    @Test
    void anAddressRecordsHostNamesTheHeldInstancesWhoseServiceRecordNamesItInAnyCase() {
        hosts.held("Porch", "camera-1.local.");
        hosts.held("Porch 2", "Camera-1.local.");
        hosts.held("Garage", "camera-2.local.");

        assertThat(hosts.instancesOn("CAMERA-1.LOCAL.")).containsExactly("Porch", "Porch 2");
        assertThat(hosts.instancesOn("camera-2.local.")).containsExactly("Garage");
        assertThat(hosts.instancesOn("camera-3.local.")).isEmpty();
    }

    @Test
    void anInstanceNamesOnlyItsLatestHostAndNoneOnceNoLongerHeld() {
        hosts.held("Porch", "camera-1.local.");
        hosts.held("Porch", "camera-9.local.");
        assertThat(hosts.instancesOn("camera-1.local.")).isEmpty();
        assertThat(hosts.instancesOn("camera-9.local.")).containsExactly("Porch");

        hosts.removed("Porch");
        hosts.removed("never held");
        assertThat(hosts.instancesOn("camera-9.local.")).isEmpty();
    }
}
