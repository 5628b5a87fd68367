package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudDecodeException;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.identity.CameraId;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The in-place reader takes exactly the datagrams the codec decodes into a LOOKUP or a KEEPALIVE,
 * and reads the same transaction, ID and token from them: anything else goes to the decoder, which
 * drops it for the same reason as before.
 */
class StatelessRequestTest {
    private static final int OFFSET = 5;

    @Test
    void readsALookupAndAKeepaliveAsTheCodecDecodesThem() {
        CameraId id = CameraId.fromBytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15});
        byte[] token = new byte[CloudCodec.TOKEN_BYTES];
        Arrays.fill(token, (byte) 0xab);
        StatelessRequest request = new StatelessRequest();

        byte[] lookup = CloudCodec.encode(new Lookup(-2, id));
        assertThat(request.read(lookup, 0, lookup.length)).isTrue();
        assertThat(request.type()).isEqualTo(io.p2pcam.protocol.cloud.MessageType.LOOKUP);
        assertThat(request.transaction()).isEqualTo(-2);
        assertThat(request.length()).isEqualTo(CloudCodec.MIN_LOOKUP);
        assertThat(request.toLookup()).isEqualTo(new Lookup(-2, id));

        byte[] keepalive = CloudCodec.encode(new Keepalive(7, id, Bytes.of(token)));
        assertThat(request.read(keepalive, 0, keepalive.length)).isTrue();
        assertThat(request.type()).isEqualTo(io.p2pcam.protocol.cloud.MessageType.KEEPALIVE);
        assertThat(request.transaction()).isEqualTo(7);
        assertThat(request.id()).isEqualTo(id);
        assertThat(Arrays.copyOfRange(keepalive, request.tokenAt(), request.tokenAt() + token.length))
                .isEqualTo(token);
    }

    @Test
    void takesExactlyWhatTheDecoderTurnsIntoALookupOrAKeepalive() {
        SplittableRandom random = new SplittableRandom(13);
        CameraId id = CameraId.fromBytes(new byte[CameraId.BYTES]);
        byte[][] seeds = {
            CloudCodec.encode(new Lookup(1, id)), CloudCodec.encode(new Keepalive(2, id, Bytes.of(new byte[16])))
        };
        StatelessRequest request = new StatelessRequest();
        int taken = 0;
        for (int i = 0; i < 200_000; i++) {
            byte[] datagram = mutated(seeds[i & 1], random);
            byte[] buffer = new byte[datagram.length + 2 * OFFSET];
            System.arraycopy(datagram, 0, buffer, OFFSET, datagram.length);

            CloudMessage decoded = decodedOrNull(datagram);
            boolean read = request.read(buffer, OFFSET, datagram.length);

            assertThat(read)
                    .as("datagram %s", java.util.HexFormat.of().formatHex(datagram))
                    .isEqualTo(decoded instanceof Lookup || decoded instanceof Keepalive);
            if (read) {
                taken++;
                assertThat(request.transaction()).isEqualTo(decoded.transaction());
                assertThat(request.type()).isEqualTo(decoded.type());
                assertThat(request.length()).isEqualTo(datagram.length);
                CameraId readId = request.id();
                assertThat(readId).isEqualTo(decoded instanceof Lookup l ? l.id() : ((Keepalive) decoded).id());
                if (decoded instanceof Keepalive k) {
                    assertThat(Arrays.copyOfRange(buffer, request.tokenAt(), request.tokenAt() + 16))
                            .isEqualTo(k.token().toArray());
                }
            }
        }
        assertThat(taken).as("mutations that stayed well-formed").isBetween(10_000, 190_000);
    }

    /** The seed with its length changed or a byte of the header, ID or token flipped, or kept. */
    private static byte[] mutated(byte[] seed, SplittableRandom random) {
        byte[] datagram = seed;
        switch (random.nextInt(4)) {
            case 0 -> datagram = Arrays.copyOf(seed, random.nextInt(CloudCodec.MAX_DATAGRAM + 40));
            case 1 -> {
                datagram = seed.clone();
                datagram[random.nextInt(Math.min(datagram.length, 44))] ^= (byte) (1 << random.nextInt(8));
            }
            case 2 -> {
                datagram = seed.clone();
                datagram[3] = (byte) random.nextInt(256);
            }
            default -> {}
        }
        return datagram;
    }

    private static CloudMessage decodedOrNull(byte[] datagram) {
        try {
            return CloudCodec.decode(datagram, 0, datagram.length);
        } catch (CloudDecodeException e) {
            return null;
        }
    }
}
