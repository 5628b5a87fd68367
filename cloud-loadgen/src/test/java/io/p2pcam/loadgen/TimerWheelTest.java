package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private static List<Integer> expire(TimerWheel wheel, long now) {
        List<Integer> expired = new ArrayList<>();
        wheel.expire(now, expired::add);
        return expired;
    }

    @Test
    void timersComeUpInTheirSlotNotBefore() {
        TimerWheel wheel = new TimerWheel(1000);
        wheel.schedule(7, 100);
        wheel.schedule(8, 20);

        assertThat(expire(wheel, 19)).isEmpty();
        assertThat(expire(wheel, 24)).containsExactly(8);
        assertThat(expire(wheel, 99)).isEmpty();
        assertThat(expire(wheel, 100)).containsExactly(7);
        assertThat(wheel.size()).isZero();
    }

    @Test
    void aTimerInThePastComesUpAtTheNextExpiry() {
        TimerWheel wheel = new TimerWheel(1000);
        expire(wheel, 500);
        wheel.schedule(3, 10);

        assertThat(expire(wheel, 505)).containsExactly(3);
    }

    @Test
    void aTimerBeyondTheHorizonComesUpEarlyForTheOwnerToReschedule() {
        TimerWheel wheel = new TimerWheel(100);
        wheel.schedule(5, 10_000);

        assertThat(expire(wheel, 50)).isEmpty();
        assertThat(expire(wheel, 105)).containsExactly(5);
    }

    @Test
    void rescheduleFromTheCallbackLandsInALaterSlot() {
        TimerWheel wheel = new TimerWheel(1000);
        wheel.schedule(1, 10);
        List<Long> firedAt = new ArrayList<>();
        for (long now = 0; now <= 100; now++) {
            long at = now;
            wheel.expire(now, camera -> {
                firedAt.add(at);
                wheel.schedule(camera, at + 30);
            });
        }
        assertThat(firedAt).containsExactly(10L, 40L, 70L, 100L);
        assertThat(wheel.size()).isEqualTo(1);
    }

    @Test
    void holdsManyTimersPerSlot() {
        TimerWheel wheel = new TimerWheel(1000);
        for (int camera = 0; camera < 10_000; camera++) {
            wheel.schedule(camera, 50);
        }
        assertThat(expire(wheel, 50)).hasSize(10_000);
    }
}
