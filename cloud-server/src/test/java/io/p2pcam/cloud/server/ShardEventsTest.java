package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.PassVerdict;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A core's events reach the shared metrics whatever the number of event loops. Every event has a
 * do-nothing default in {@link CloudEvents}, so a wrapper that forgets one swallows it silently:
 * the cloud-pass counter read 0 under `--event-loops 2` while passes were being checked.
 */
class ShardEventsTest {
    @Test
    void everyEventACoreReportsIsPassedOnNotLeftToTheDefault() throws Exception {
        List<String> notPassedOn = Arrays.stream(CloudEvents.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .filter(method -> isDefaultIn(method))
                .map(Method::getName)
                .toList();
        assertThat(notPassedOn)
                .as("CloudEvents methods ShardEvents leaves to the default")
                .isEmpty();
    }

    @Test
    void aCloudPassVerdictIsCounted() {
        CloudMetrics metrics = new CloudMetrics(UdpTransport.NIO);
        new ShardEvents(metrics).connectPass(PassVerdict.PASSED);
        assertThat(metrics.connectPasses(PassVerdict.PASSED)).isEqualTo(1);
    }

    private static boolean isDefaultIn(Method method) {
        try {
            return ShardEvents.class
                            .getDeclaredMethod(method.getName(), method.getParameterTypes())
                            .getDeclaringClass()
                    != ShardEvents.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }
}
