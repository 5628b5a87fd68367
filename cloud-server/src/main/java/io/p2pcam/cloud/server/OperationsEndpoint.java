package io.p2pcam.cloud.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP face for operators and monitoring, on an event loop of its own (never the UDP one):
 * <ul>
 *   <li>{@code GET /healthz}: 200 {@code ok} while the UDP channel is open (200 {@code degraded: ...}
 *       when a cluster node serves only its own cameras, its registry unreachable), 503 otherwise;</li>
 *   <li>{@code GET /metrics}: the Prometheus text exposition;</li>
 *   <li>any other path: 404; any other method on these paths: 405.</li>
 * </ul>
 * Non-blocking, so a client that opens a connection and sends nothing, or half a request, holds
 * no thread: it holds one connection slot until a deadline. The {@link HttpLimits} bound the
 * connections in all and per party ({@link ConnectionCaps}: more are closed as they arrive), close
 * a connection silent for the idle timeout and every connection at the request timeout after it
 * opened (a client trickling its request is cut there), and close one whose request is too large.
 * A connection serves one request (responses say {@code Connection: close}). Thread-safe;
 * {@link #close()} is idempotent.
 */
final class OperationsEndpoint implements AutoCloseable {
    /** The longest request line (and header line) read, within the request limit. */
    private static final int MAX_LINE_BYTES = 4096;

    private final EventLoopGroup group;
    private final HttpLimits limits;
    private final Channel server;
    /** Open connections in all and per party; the endpoint's event loop only. */
    private final ConnectionCaps caps;

    private OperationsEndpoint(
            EventLoopGroup group,
            InetSocketAddress address,
            HttpLimits limits,
            Supplier<String> healthy,
            Supplier<String> metrics)
            throws IOException {
        this.group = group;
        this.limits = limits;
        this.caps = new ConnectionCaps(limits.maxConnections(), limits.maxConnectionsPerSource());
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(UdpTransport.best().serverChannelClass())
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accept(channel, healthy, metrics);
                    }
                })
                .bind(address)
                .awaitUninterruptibly();
        Throwable failure = bound.cause();
        if (failure != null) {
            String message = String.valueOf(failure.getMessage());
            if (failure instanceof BindException || message.contains("in use")) {
                throw new BindException(message);
            }
            throw new IOException("cannot bind the HTTP port: " + message, failure);
        }
        this.server = bound.channel();
    }

    /** Binds and starts serving; a port in use is a {@link BindException}. */
    static OperationsEndpoint start(InetSocketAddress address, BooleanSupplier healthy, Supplier<String> metrics)
            throws IOException {
        return start(address, HttpLimits.defaults(), () -> healthy.getAsBoolean() ? "ok" : null, metrics);
    }

    /**
     * @param health null while the node cannot serve (503), otherwise the one line {@code /healthz}
     *     answers with 200: {@code ok}, or why the node is degraded while it still serves
     */
    static OperationsEndpoint start(
            InetSocketAddress address, HttpLimits limits, Supplier<String> health, Supplier<String> metrics)
            throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(
                1,
                new DefaultThreadFactory("p2pcam-http", true),
                UdpTransport.best().ioHandlerFactory());
        try {
            return new OperationsEndpoint(group, address, limits, health, metrics);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    private void accept(Channel channel, Supplier<String> healthy, Supplier<String> metrics) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        if (!caps.admit(remote)) {
            channel.close();
            return;
        }
        channel.closeFuture().addListener(f -> caps.release(remote));
        // A slow or silent client keeps its slot until here, and never a thread.
        channel.eventLoop()
                .schedule(() -> channel.close(), limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        int line = Math.min(MAX_LINE_BYTES, limits.maxRequestBytes());
        channel.pipeline()
                .addLast(
                        new ReadTimeoutHandler(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS),
                        new HttpServerCodec(line, limits.maxRequestBytes(), limits.maxRequestBytes()),
                        new HttpObjectAggregator(limits.maxRequestBytes()),
                        new Route(healthy, metrics));
    }

    private static final class Route extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Supplier<String> healthy;
        private final Supplier<String> metrics;

        Route(Supplier<String> healthy, Supplier<String> metrics) {
            this.healthy = healthy;
            this.metrics = metrics;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            boolean known = path.equals("/healthz") || path.equals("/metrics");
            boolean head = request.method().equals(HttpMethod.HEAD);
            FullHttpResponse response;
            if (!request.decoderResult().isSuccess()) {
                response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n", head);
            } else if (!known) {
                response = text(HttpResponseStatus.NOT_FOUND, "not found\n", head);
            } else if (!head && !request.method().equals(HttpMethod.GET)) {
                response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n", false);
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            } else if (path.equals("/healthz")) {
                String status = healthy.get();
                response = text(
                        status != null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        status != null ? status + "\n" : "udp channel closed\n",
                        head);
            } else {
                response = respond(HttpResponseStatus.OK, PrometheusText.CONTENT_TYPE, metrics.get(), head);
            }
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // too long a request, a reset: this connection only
        }

        private static FullHttpResponse text(HttpResponseStatus status, String body, boolean head) {
            return respond(status, "text/plain; charset=utf-8", body, head);
        }

        private static FullHttpResponse respond(HttpResponseStatus status, String type, String body, boolean head) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, type)
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
            return response;
        }
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
