package io.p2pcam.viewer.live;

import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.CameraSupervisor;

/** Starts watching a camera; the app's composition root decides the clouds, timers and threads. */
@FunctionalInterface
public interface Connector {
    CameraSupervisor connect(CameraEntry camera, CameraSupervisor.Listener listener);
}
