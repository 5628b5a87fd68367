package io.p2pcam.viewer.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** "Host the cloud on this PC", as the window's view model needs it (tests host nothing). */
public interface CloudHost {
    /** Starts a cloud listening on UDP {@code port} of every interface (0: any free port). */
    Hosted start(int port) throws IOException;

    /** A cloud running in this process. */
    interface Hosted extends AutoCloseable {
        int port();

        /** Where this viewer itself reaches the cloud. */
        InetSocketAddress loopbackAddress();

        /** The addresses to give cameras; lists the network interfaces, so not for the UI thread. */
        List<String> addressesForCameras();

        @Override
        void close();
    }
}
