package io.p2pcam.viewer.engine.connection;

import java.io.IOException;

/**
 * Opens one attempt's connection ({@link CameraConnection#open(ConnectionSettings, ConnectionListener)}
 * in the app): the supervisor's one way onto the network, so that a test sees every attempt it makes.
 */
@FunctionalInterface
interface ConnectionOpener {
    CameraConnection open(ConnectionSettings attempt, ConnectionListener listener) throws IOException;
}
