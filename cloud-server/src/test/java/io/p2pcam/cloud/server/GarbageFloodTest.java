package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.testing.Eventually;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 100,000 malformed datagrams over real UDP: every one dropped and counted, none answered in a way
 * that changes state, and the server still healthy and serving its cameras afterwards.
 */
@Tag("realtime")
class GarbageFloodTest {
    private static final int DATAGRAMS = 100_000;
    /** Datagrams in flight at most, well inside the socket buffers, so that the kernel drops none of them. */
    private static final int WINDOW = 500;

    private final Random random = new Random(20_251_001);

    @Test
    void aHundredThousandMalformedDatagramsAreAllDroppedAndCountedAndTheServerStaysHealthy() throws Exception {
        try (CloudServer server = CloudServer.start(CloudServerSettings.loopbackEphemeral());
                UdpCamera camera = new UdpCamera(server.udpAddress());
                UdpViewer viewer = new UdpViewer(server.udpAddress());
                UdpPeer flooder = new UdpPeer(server.udpAddress(), InetAddress.ofLiteral("127.0.0.3"))) {
            camera.register();
            InetSocketAddress http = server.httpAddress().orElseThrow();
            long dropsBefore = scrapedDrops(http);
            long packetsBefore = server.metrics().packetsIn();
            List<byte[]> valid = validToCloudMessages(camera);
            List<byte[]> reflections = validFromCloudMessages();

            for (int sent = 0; sent < DATAGRAMS; ) {
                int batchEnd = Math.min(DATAGRAMS, sent + WINDOW);
                for (; sent < batchEnd; sent++) {
                    flooder.sendRaw(malformed(sent, valid, reflections));
                }
                long expected = packetsBefore + sent;
                Eventually.await(
                        "the server to read " + sent + " datagrams",
                        Duration.ofSeconds(5),
                        () -> server.metrics().packetsIn() >= expected);
            }
            Eventually.await(
                    "every datagram counted as a drop",
                    Duration.ofSeconds(5),
                    () -> server.metrics().dropsTotal() >= dropsBefore + DATAGRAMS);

            assertThat(server.metrics().packetsIn() - packetsBefore).isEqualTo(DATAGRAMS);
            assertThat(scrapedDrops(http) - dropsBefore).isEqualTo(DATAGRAMS);
            assertThat(Http.get(http, "/healthz").statusCode()).isEqualTo(200);
            camera.keepalive();
            assertThat(viewer.lookup(camera.id()).key()).isEqualTo(camera.camera.publicKey());
        }
    }

    /**
     * One of four kinds, in turn: random bytes, a truncated valid message, a valid header over
     * garbage, a whole message of a kind only the cloud sends (a reflection).
     */
    private byte[] malformed(int index, List<byte[]> valid, List<byte[]> reflections) {
        return switch (index % 4) {
            case 0 -> randomBytes();
            case 1 -> truncated(valid.get(random.nextInt(valid.size())));
            case 2 -> headerOverGarbage();
            default -> reflections.get(random.nextInt(reflections.size()));
        };
    }

    /** 1 to 1,300 random bytes that do not start with the magic (so none is by chance a valid message). */
    private byte[] randomBytes() {
        byte[] bytes = new byte[1 + random.nextInt(1300)];
        random.nextBytes(bytes);
        if (bytes[0] == 'P') {
            bytes[0] = 'X';
        }
        return bytes;
    }

    /** A strict prefix of a valid message: the codec reads every field, so something is always missing. */
    private byte[] truncated(byte[] message) {
        return Arrays.copyOf(message, 1 + random.nextInt(message.length - 1));
    }

    /**
     * A well-formed header whose type can never lead to an answer or a state change, over random
     * bytes: types only the cloud sends, unknown types, and REGISTER and CONNECT_ANSWER (which, if
     * they happen to decode, fail on the rate limit, the cookie or the forward ID).
     */
    private byte[] headerOverGarbage() {
        int[] types = {
            MessageType.REGISTER.code(),
            MessageType.CONNECT_ANSWER.code(),
            MessageType.REGISTER_CHALLENGE.code(),
            MessageType.REGISTERED.code(),
            MessageType.KEEPALIVE_ACK.code(),
            MessageType.LOOKUP_RESULT.code(),
            MessageType.CONNECT_FORWARD.code(),
            MessageType.CONNECT_RESULT.code(),
            MessageType.ERROR.code(),
            0x00,
            0x07,
            0x30,
            0x3f,
            0x80,
            0xff
        };
        byte[] bytes = new byte[CloudCodec.HEADER_BYTES + random.nextInt(300)];
        random.nextBytes(bytes);
        bytes[0] = (byte) (CloudCodec.MAGIC >>> 8);
        bytes[1] = (byte) CloudCodec.MAGIC;
        bytes[2] = CloudCodec.VERSION;
        bytes[3] = (byte) types[random.nextInt(types.length)];
        return bytes;
    }

    private static List<byte[]> validToCloudMessages(UdpCamera camera) {
        TestCamera stranger = new TestCamera();
        Bytes token = Bytes.of(new byte[CloudCodec.TOKEN_BYTES]);
        List<Candidate> candidates = List.of(
                Candidate.local(new InetSocketAddress("192.168.7.7", 7000)),
                Candidate.local(new InetSocketAddress("fd00::7", 7000)));
        List<CloudMessage> messages = List.of(
                stranger.hello(),
                TestCamera.signedRegister(
                        stranger.identity(),
                        stranger.publicKey(),
                        Bytes.of(new byte[CloudCodec.COOKIE_BYTES]),
                        candidates),
                new Keepalive(1, camera.id(), token),
                new Lookup(2, camera.id()),
                new ConnectRequest(3, camera.id(), candidates, Bytes.of(new byte[64])),
                new ConnectAnswer(4, camera.id(), token, true, candidates, Bytes.of(new byte[32])));
        return messages.stream().map(CloudCodec::encode).toList();
    }

    /** Whole, valid messages of the cloud's own kinds: dropped as the wrong direction. */
    private static List<byte[]> validFromCloudMessages() {
        List<CloudMessage> messages = List.of(
                new RegisterChallenge(5, Bytes.of(new byte[CloudCodec.COOKIE_BYTES])),
                new KeepaliveAck(6, 20_000),
                LookupResult.unavailable(7),
                new ErrorReply(8, ErrorCode.NOT_REGISTERED));
        return messages.stream().map(CloudCodec::encode).toList();
    }

    private static long scrapedDrops(InetSocketAddress http) {
        return Http.get(http, "/metrics")
                .body()
                .lines()
                .filter(line -> line.startsWith("p2pcam_drops_total{"))
                .mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
