package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SocketPlanTest {
    @Test
    void connectTargetsUseTheTargetSocketsAndEveryOtherCameraTheBulkOnes() {
        SocketPlan plan = new SocketPlan(16, 4, 1000);

        assertThat(plan.sockets()).isEqualTo(20);
        int[] perSocket = new int[20];
        for (int camera = 0; camera < 17_000; camera++) {
            int socket = plan.socketOf(camera);
            assertThat(socket >= 16)
                    .as("camera %d on socket %d", camera, socket)
                    .isEqualTo(camera < 1000);
            perSocket[socket]++;
        }
        assertThat(perSocket).startsWith(new int[] {1000, 1000, 1000}).endsWith(250, 250, 250, 250);
    }

    @Test
    void viewersConnectOnlyToTheTargetsStartedSoFar() {
        SocketPlan plan = new SocketPlan(16, 4, 1000);

        assertThat(plan.connectable(300)).isEqualTo(300);
        assertThat(plan.connectable(1_000_000)).isEqualTo(1000);
        assertThat(SocketPlan.shared(16).connectable(1_000_000)).isEqualTo(1_000_000);
    }

    @Test
    void withoutTargetSocketsEveryCameraSharesTheBulkSockets() {
        SocketPlan plan = SocketPlan.shared(16);

        assertThat(plan.splitsTargets()).isFalse();
        assertThat(plan.socketOf(5)).isEqualTo(5);
        assertThat(plan.socketOf(1_000_005)).isEqualTo(1_000_005 % 16);
    }

    @Test
    void refusesAPlanWithoutBulkSockets() {
        assertThatThrownBy(() -> new SocketPlan(0, 4, 1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
