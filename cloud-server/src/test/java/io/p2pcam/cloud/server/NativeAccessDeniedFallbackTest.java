package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real cloud (its command's main, as {@code ./p2pcam cloud} starts it) in a JVM that denies
 * native access ({@code --illegal-native-access=deny}, no {@code --enable-native-access}): the
 * native UDP edge cannot be had, whether asked for by default or with {@code --udp-io native}, and
 * the cloud falls back to Netty's channel, says so and why in one start-log line, reports the
 * Netty transport on its start line and {@code /metrics}, and answers over UDP (docs/ADMIN.md).
 */
class NativeAccessDeniedFallbackTest {
    private static final Pattern LISTENING = Pattern.compile(
            "listening on udp 127\\.0\\.0\\.1:(\\d+), tcp off, http 127\\.0\\.0\\.1:(\\d+) \\((\\w+)\\)");
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

    @ParameterizedTest(name = "udp-io {0}")
    @ValueSource(strings = {"default", "native"})
    void aCloudDeniedNativeAccessServesOnNettySayingWhy(String udpIo) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--illegal-native-access=deny",
                // The product's log configuration, as the jar has it (the tests' own keeps INFO quiet).
                "-Dlogback.configurationFile=" + productLogConfiguration(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.p2pcam.cloud.cli.CloudServerCommand",
                "--bind",
                "127.0.0.1",
                "--udp-port",
                "0",
                "--tcp-port",
                "off",
                "--http-port",
                "0",
                "--event-loops",
                "1"));
        if (!udpIo.equals("default")) {
            command.addAll(List.of("--udp-io", udpIo));
        }
        Process cloud = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            List<String> log = new ArrayList<>();
            Matcher started = waitForStartLine(cloud, log);
            int udpPort = Integer.parseInt(started.group(1));
            int httpPort = Integer.parseInt(started.group(2));

            List<String> fallback = log.stream()
                    .filter(line -> line.contains("native UDP I/O unavailable"))
                    .toList();
            assertThat(fallback)
                    .as("the start log:\n%s", String.join("\n", log))
                    .singleElement()
                    .asString()
                    .contains("WARN", "Netty's channel", "native access not enabled");
            assertThat(started.group(3)).isIn("epoll", "nio");
            assertThat(metrics(httpPort)).contains("p2pcam_transport{type=\"" + started.group(3) + "\"} 1");
            assertThat(lookup(udpPort, 21)).isEqualTo(21);
        } finally {
            cloud.destroy();
            if (!cloud.waitFor(10, TimeUnit.SECONDS)) {
                cloud.destroyForcibly();
            }
        }
    }

    private static String productLogConfiguration() throws Exception {
        return Path.of(CloudServer.class.getResource("/logback.xml").toURI()).toString();
    }

    /** Reads the child's output until its start line; every line read goes to {@code log}. */
    private static Matcher waitForStartLine(Process cloud, List<String> log) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(cloud.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the child has gone: the wait below ends at its deadline with what was read
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            log.add(line);
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return matcher;
            }
        }
        throw new AssertionError("no start line; the cloud wrote:\n" + String.join("\n", log));
    }

    private static String metrics(int httpPort) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /** A LOOKUP of an unknown camera over UDP; the transaction of the answer. */
    private static long lookup(int udpPort, int transaction) throws Exception {
        try (DatagramSocket viewer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return NativeUdpEdgeTest.lookup(
                    viewer, new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort), transaction);
        }
    }
}
