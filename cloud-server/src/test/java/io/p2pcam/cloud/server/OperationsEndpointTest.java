package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.testing.Eventually;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The health and metrics endpoint against clients that hold connections open (issue 13 §3), with
 * its limits as set by the admin ({@link HttpLimits}). The attacker connects from 127.0.0.2, the
 * monitoring probe from 127.0.0.1: two addresses on the loopback network.
 */
@Tag("realtime") // real sockets and a deadline
class OperationsEndpointTest {
    private static final InetAddress ATTACKER = InetAddress.ofLiteral("127.0.0.2");

    private static Socket open(InetSocketAddress http) throws Exception {
        Socket socket = new Socket(http.getAddress(), http.getPort());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static Socket openFrom(InetAddress source, InetSocketAddress http) throws Exception {
        Socket socket = new Socket(http.getAddress(), http.getPort(), source, 0);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static CloudServer serverWith(HttpLimits limits) throws Exception {
        return CloudServer.start(CloudServerSettings.loopbackEphemeral().withHttpLimits(limits));
    }

    /** Whether the server closed {@code socket} within {@code millis} (reading -1 or a reset). */
    private static boolean closedWithin(Socket socket, int millis) throws Exception {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    /** The status of one GET /healthz from 127.0.0.1 on a raw socket, or -1 when the connection was refused or closed. */
    private static int healthz(InetSocketAddress http) throws Exception {
        try (Socket socket = open(http)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: cloud\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] status = socket.getInputStream().readNBytes(12); // "HTTP/1.1 200"
            return status.length < 12 ? -1 : Integer.parseInt(new String(status, 9, 3, StandardCharsets.US_ASCII));
        } catch (SocketException e) {
            return -1;
        }
    }

    @Test
    void aClientTricklingItsRequestIsCutAtTheRequestTimeoutThoughNeverIdle() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2));
        try (CloudServer server = serverWith(limits);
                Socket loris = open(server.httpAddress().orElseThrow())) {
            byte[] request = "GET /healthz HTTP/1.1\r\nHost: cloud\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
            long start = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) { // a byte every 200 ms, far inside the 5 s idle timeout
                try {
                    loris.getOutputStream().write(request[i % request.length]);
                } catch (SocketException e) {
                    cut = true;
                    break;
                }
                cut = closedWithin(loris, 200);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(cut).as("the trickling connection was closed").isTrue();
            assertThat(millis).as("ms until it was cut").isBetween(1_800L, 4_000L);
        }
    }

    @Test
    void aSilentConnectionIsCutAtTheIdleTimeout() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30));
        try (CloudServer server = serverWith(limits);
                Socket silent = open(server.httpAddress().orElseThrow())) {
            long start = System.nanoTime();
            assertThat(closedWithin(silent, 5_000)).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("ms until the silent connection was cut")
                    .isBetween(800L, 3_000L);
        }
    }

    @Test
    void aRequestLargerThanTheLimitClosesItsConnection() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withMaxRequestBytes(1024);
        try (CloudServer server = serverWith(limits);
                Socket big = open(server.httpAddress().orElseThrow())) {
            OutputStream out = big.getOutputStream();
            out.write(("GET /healthz HTTP/1.1\r\nHost: cloud\r\nX-Big: " + "a".repeat(2_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] answer = big.getInputStream().readAllBytes();
            assertThat(new String(answer, StandardCharsets.US_ASCII)).doesNotContain("200 OK");
            assertThat(healthz(server.httpAddress().orElseThrow())).isEqualTo(200);
        }
    }

    @Test
    void connectionsPastTheTotalCapAreRefusedUntilTheHoldersTimeOut() throws Exception {
        HttpLimits limits =
                HttpLimits.defaults().withConnections(4, 8).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(2));
        try (CloudServer server = serverWith(limits)) {
            InetSocketAddress http = server.httpAddress().orElseThrow();
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    held.add(openFrom(ATTACKER, http));
                }
                Socket fifth = openFrom(InetAddress.ofLiteral("127.0.0.3"), http);
                held.add(fifth);
                assertThat(closedWithin(fifth, 1_000))
                        .as("a fifth connection, past the cap of 4")
                        .isTrue();
                // Once the request timeout has cut the four, a probe gets through again.
                Eventually.await("/healthz answers again", Duration.ofSeconds(6), () -> {
                    try {
                        return healthz(http) == 200;
                    } catch (Exception e) {
                        return false;
                    }
                });
            } finally {
                for (Socket socket : held) {
                    socket.close();
                }
            }
        }
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
    void connectionsPastTheCapPerAddressAreRefusedWhileHealthzStillAnswers() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withConnections(64, 5);
        try (CloudServer server = serverWith(limits)) {
            InetSocketAddress http = server.httpAddress().orElseThrow();
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    sockets.add(openFrom(ATTACKER, http));
                }
                int closed = 0;
                for (Socket socket : sockets) {
                    if (closedWithin(socket, 200)) {
                        closed++;
                    }
                }
                assertThat(closed)
                        .as("of 20 connections from one address, the cap 5")
                        .isEqualTo(15);
                assertThat(healthz(http))
                        .as("a probe from another address while the attacker holds its 5")
                        .isEqualTo(200);
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
