package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens the supervisor's connections for real, towards a cloud on loopback that never answers (so
 * no attempt ends by itself), and records every attempt: a test counts the attempts a supervisor
 * made, at once and without sleeping, and speaks for the camera through an attempt's listener.
 */
final class RecordingOpener implements ConnectionOpener, AutoCloseable {
    /** One attempt the supervisor made. */
    record Attempt(ConnectionSettings settings, ConnectionListener listener, CameraConnection connection) {
        /** The attempt ends as the endpoint would say it. */
        void fails(ViewerFailure failure) {
            listener.event(new ViewerEvent.Failed(failure, "test: " + failure));
        }
    }

    private final DatagramChannel silentCloud;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

    RecordingOpener() throws IOException {
        silentCloud = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Where the cloud that never answers listens. */
    InetSocketAddress cloud() throws IOException {
        return (InetSocketAddress) silentCloud.getLocalAddress();
    }

    @Override
    public CameraConnection open(ConnectionSettings attempt, ConnectionListener listener) throws IOException {
        CameraConnection connection = CameraConnection.open(attempt, listener);
        attempts.add(new Attempt(attempt, listener, connection));
        return connection;
    }

    /** How many attempts the supervisor made so far. */
    int count() {
        return attempts.size();
    }

    Attempt last() {
        return attempts.getLast();
    }

    @Override
    public void close() throws IOException {
        attempts.forEach(attempt -> attempt.connection().close());
        silentCloud.close();
    }
}
