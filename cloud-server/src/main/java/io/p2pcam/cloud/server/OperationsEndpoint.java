package io.p2pcam.cloud.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP face for operators and monitoring, on the JDK's built-in server with two threads of its
 * own (never the UDP event loop):
 * <ul>
 *   <li>{@code GET /healthz}: 200 {@code ok} while the UDP channel is open, 503 otherwise;</li>
 *   <li>{@code GET /metrics}: the Prometheus text exposition;</li>
 *   <li>any other path: 404; any other method on these paths: 405.</li>
 * </ul>
 * Thread-safe; {@link #close()} is idempotent.
 */
final class OperationsEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private OperationsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds and starts serving; a port in use is a {@link java.net.BindException}. */
    static OperationsEndpoint start(InetSocketAddress address, BooleanSupplier healthy, Supplier<String> metrics)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newFixedThreadPool(
                2, Thread.ofPlatform().name("p2pcam-http-", 0).daemon(true).factory());
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                route(exchange, healthy, metrics);
            }
        });
        server.start();
        return new OperationsEndpoint(server, executor);
    }

    InetSocketAddress address() {
        return server.getAddress();
    }

    private static void route(HttpExchange exchange, BooleanSupplier healthy, Supplier<String> metrics)
            throws IOException {
        String path = exchange.getRequestURI().getPath();
        boolean known = path.equals("/healthz") || path.equals("/metrics");
        if (!known) {
            respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
        } else if (!exchange.getRequestMethod().equals("GET")
                && !exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
        } else if (path.equals("/healthz")) {
            boolean ok = healthy.getAsBoolean();
            respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "udp channel closed\n");
        } else {
            respond(exchange, 200, PrometheusText.CONTENT_TYPE, metrics.get());
        }
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
