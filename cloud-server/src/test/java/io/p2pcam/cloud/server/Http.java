package io.p2pcam.cloud.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A GET against the server's HTTP endpoint, with a timeout. */
final class Http {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Http() {}

    static HttpResponse<String> get(InetSocketAddress server, String path) {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://" + server.getAddress().getHostAddress() + ":" + server.getPort() + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
