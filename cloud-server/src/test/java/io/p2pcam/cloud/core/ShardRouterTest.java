package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.RelayFrame;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShardRouterTest {
    private final ShardRouter router = new ShardRouter(4, 0x1234_5678_9abc_def0L);

    private int shardOf(byte[] datagram) {
        return router.shardOf(datagram, 0, datagram.length);
    }

    @Test
    void everyMessageAboutOneCameraGoesToTheShardOfItsId() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 50; i++) {
            CameraIdentity camera = CameraIdentity.generate(random);
            int owner = router.shardOf(camera.id());
            Bytes cookie = Bytes.of(new byte[24]);
            Bytes token = Bytes.of(new byte[16]);
            List<byte[]> messages = List.of(
                    CloudCodec.encode(new RegisterHello(1, camera.publicKey())),
                    CloudCodec.encode(new Register(2, camera.publicKey(), cookie, List.of(), Bytes.of(new byte[64]))),
                    CloudCodec.encode(
                            new Resume(3, camera.publicKey(), cookie, Bytes.of(new byte[24]), Bytes.of(new byte[32]))),
                    CloudCodec.encode(new Keepalive(4, camera.id(), token)),
                    CloudCodec.encode(new Lookup(5, camera.id())),
                    CloudCodec.encode(new ConnectRequest(6, camera.id(), List.of(), Bytes.EMPTY)),
                    CloudCodec.encode(new ConnectAnswer(7, camera.id(), token, true, List.of(), Bytes.EMPTY)));
            for (byte[] message : messages) {
                assertThat(shardOf(message)).isEqualTo(owner);
            }
        }
    }

    @Test
    void camerasSpreadOverEveryShard() {
        SecureRandom random = new SecureRandom();
        int[] counts = new int[4];
        for (int i = 0; i < 400; i++) {
            counts[router.shardOf(CameraIdentity.generate(random).id())]++;
        }
        assertThat(Arrays.stream(counts).min().orElseThrow())
                .as("fewest on a shard of 4, 100 expected")
                .isGreaterThan(50);
    }

    @Test
    void relayDatagramsGoToTheShardThatOwnsTheirTicket() {
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 100; i++) {
            long ticket = random.nextLong();
            byte[] challenge = RelayFrame.challenge(ticket, 42);
            int owner = shardOf(challenge);
            assertThat(owner).isBetween(0, 3);
            for (int shard = 0; shard < 4; shard++) {
                assertThat(router.ownsTicket(shard, ticket)).isEqualTo(shard == owner);
            }
        }
    }

    @Test
    void datagramsThatNameNoCameraStayWhereTheyArrived() {
        assertThat(shardOf(new byte[0])).isEqualTo(ShardRouter.ANY);
        assertThat(shardOf(new byte[] {0x50, 0x43, 1, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 1}))
                .as("a KEEPALIVE cut before its ID")
                .isEqualTo(ShardRouter.ANY);
        byte[] lookup = CloudCodec.encode(
                new Lookup(5, CameraIdentity.generate(new SecureRandom()).id()));
        lookup[2] = 9; // another version
        assertThat(shardOf(lookup)).isEqualTo(ShardRouter.ANY);
        assertThat(shardOf("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(ShardRouter.ANY);
        assertThat(new ShardRouter(1, 7).shardOf(lookup, 0, lookup.length)).isEqualTo(ShardRouter.ANY);
    }
}
