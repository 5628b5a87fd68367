package io.p2pcam.protocol.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WireWriterTest {
    @Test
    void aMessageLongerThanTheFirstArrayKeepsEveryByteInOrder() {
        WireWriter out = new WireWriter(CloudCodec.MAX_DATAGRAM);
        byte[] chunk = new byte[100];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) i;
        }
        out.u16(0xABCD).raw(chunk).raw(chunk).u64(0x0102030405060708L).u32(7);

        byte[] written = out.toArray();

        assertThat(written).hasSize(2 + 200 + 8 + 4);
        assertThat(written[0] & 0xff).isEqualTo(0xAB);
        assertThat(written[2 + 150]).isEqualTo((byte) 50);
        assertThat(written[202]).isEqualTo((byte) 1);
        assertThat(written[213]).isEqualTo((byte) 7);
    }

    @Test
    void paddingPastTheFirstArrayAddsZeros() {
        WireWriter out = new WireWriter(CloudCodec.MAX_DATAGRAM);
        out.u8(9).padTo(WireWriter.INITIAL_BYTES * 3);

        byte[] written = out.toArray();

        assertThat(written).hasSize(WireWriter.INITIAL_BYTES * 3);
        assertThat(written[0]).isEqualTo((byte) 9);
        assertThat(written[written.length - 1]).isZero();
    }

    @Test
    void aResetWriterWritesANewMessageWithZeroPaddingOverTheLastOne() {
        WireWriter out = new WireWriter(CloudCodec.MAX_DATAGRAM);
        byte[] ones = new byte[WireWriter.INITIAL_BYTES * 2];
        Arrays.fill(ones, (byte) 1);
        out.raw(ones).toArray();

        byte[] written = out.reset().u8(9).padTo(WireWriter.INITIAL_BYTES + 10).toArray();

        byte[] expected = new byte[WireWriter.INITIAL_BYTES + 10];
        expected[0] = 9;
        assertThat(written).containsExactly(expected);
    }

    @Test
    void writingPastTheCapacityIsRefused() {
        WireWriter out = new WireWriter(CloudCodec.MAX_DATAGRAM);
        out.padTo(CloudCodec.MAX_DATAGRAM);

        assertThatThrownBy(() -> out.u8(1)).isInstanceOf(ArrayIndexOutOfBoundsException.class);
    }
}
