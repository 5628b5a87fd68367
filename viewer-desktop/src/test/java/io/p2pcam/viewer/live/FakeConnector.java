package io.p2pcam.viewer.live;

import io.p2pcam.protocol.testing.ManualScheduler;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.RetryPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A connector that connects nowhere: each tile gets a real supervisor whose first attempt waits on
 * a {@link ManualScheduler} nobody runs, so nothing touches the network; the test reads which
 * cameras were connected, with which settings, and speaks for the cameras through the listeners.
 */
public final class FakeConnector implements Connector {
    /** One connect the code under test made. */
    public record Connect(CameraEntry camera, CameraSupervisor.Listener listener, CameraSupervisor supervisor) {
        /** The camera's connection went live (or anything else), as the engine would say it. */
        public void becomes(ConnectionState state) {
            listener.statusChanged(supervisor.status().with(state));
        }

        public boolean closed() {
            return supervisor.status().state() == ConnectionState.STOPPED;
        }
    }

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<Connect> connects = new ArrayList<>();

    @Override
    public CameraSupervisor connect(CameraEntry camera, CameraSupervisor.Listener listener) {
        return start(
                new ConnectionSettings(
                        InetSocketAddress.createUnresolved("cloud.invalid", 32100),
                        camera.id(),
                        camera.password(),
                        "test",
                        Duration.ofSeconds(15)),
                camera,
                listener);
    }

    /** Starts a supervisor that never runs, for {@code camera}, and records it. */
    public synchronized CameraSupervisor start(
            ConnectionSettings settings, CameraEntry camera, CameraSupervisor.Listener listener) {
        CameraSupervisor supervisor = CameraSupervisor.start(settings, scheduler, RetryPolicy.DEFAULT, listener);
        connects.add(new Connect(camera, listener, supervisor));
        return supervisor;
    }

    public synchronized List<Connect> connects() {
        return List.copyOf(connects);
    }

    /** The names of the cameras connected so far, in order. */
    public synchronized List<String> connectedNames() {
        return connects.stream().map(connect -> connect.camera().name()).toList();
    }

    public synchronized Connect last() {
        return connects.getLast();
    }
}
