package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The health and metrics endpoint against clients that hold connections open (issue 13 §3). */
@Tag("realtime") // real sockets and a deadline
class OperationsEndpointTest {
    private static Socket open(InetSocketAddress http) throws Exception {
        Socket socket = new Socket(http.getAddress(), http.getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    @Test
    void twoHalfOpenConnectionsDoNotHoldBackTheHealthCheck() throws Exception {
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral())) {
            InetSocketAddress http = server.httpAddress().orElseThrow();
            // One request first, so that the figure below is not the HTTP codec's class loading.
            assertThat(Http.get(http, "/healthz").statusCode()).isEqualTo(200);
            List<Socket> halfOpen = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket socket = open(http);
                    OutputStream out = socket.getOutputStream();
                    out.write("GET /healthz HTTP/1.1\r\nHost: cloud\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush(); // and never the blank line that ends the request
                    halfOpen.add(socket);
                }
                long start = System.nanoTime();
                assertThat(Http.get(http, "/healthz").statusCode()).isEqualTo(200);
                assertThat((System.nanoTime() - start) / 1_000_000)
                        .as("ms to answer a probe beside two half-open requests")
                        .isLessThan(2_000);
            } finally {
                for (Socket socket : halfOpen) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanItsShareOfConnections() throws Exception {
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral())) {
            InetSocketAddress http = server.httpAddress().orElseThrow();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    sockets.add(open(http));
                }
                int closed = 0;
                for (Socket socket : sockets) {
                    socket.setSoTimeout(200);
                    try {
                        if (socket.getInputStream().read() == -1) {
                            closed++;
                        }
                    } catch (SocketTimeoutException e) {
                        // still open
                    } catch (SocketException e) {
                        closed++;
                    }
                }
                assertThat(closed).as("of 20 connections from one address").isEqualTo(12);
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void theHttpEndpointListensOnLoopbackByDefault() {
        assertThat(CloudServerSettings.defaults().httpBindAddress().isLoopbackAddress())
                .isTrue();
        assertThat(CloudServerSettings.defaults().bindAddress().isAnyLocalAddress())
                .isTrue();
    }
}
