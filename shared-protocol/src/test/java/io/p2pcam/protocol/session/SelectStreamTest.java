package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The SELECT_STREAM body, as docs/PROTOCOL.md §10.9 draws it. */
class SelectStreamTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void mainIsZeroAndSubIsOne() throws Exception {
        assertThat(HEX.formatHex(new SelectStream(VideoStream.MAIN).encode())).isEqualTo("00");
        assertThat(HEX.formatHex(new SelectStream(VideoStream.SUB).encode())).isEqualTo("01");
        assertThat(SelectStream.decode(HEX.parseHex("00")).stream()).isEqualTo(VideoStream.MAIN);
        assertThat(SelectStream.decode(HEX.parseHex("01")).stream()).isEqualTo(VideoStream.SUB);
    }

    @Test
    void anUnknownStreamDecodesAsUnknownAndTrailingBytesAreIgnored() throws Exception {
        assertThat(SelectStream.decode(HEX.parseHex("02")).stream()).isEqualTo(VideoStream.UNKNOWN);
        assertThat(SelectStream.decode(HEX.parseHex("ff")).stream()).isEqualTo(VideoStream.UNKNOWN);
        assertThat(SelectStream.decode(HEX.parseHex("01c0ffee")).stream()).isEqualTo(VideoStream.SUB);
    }

    @Test
    void anEmptyBodyIsMalformedAndUnknownIsNeverSent() {
        assertThatThrownBy(() -> SelectStream.decode(new byte[0]))
                .isInstanceOf(SelectStream.MalformedSelectStreamException.class)
                .hasMessage("SELECT_STREAM body of 0 bytes, needs 1");
        assertThatThrownBy(() -> new SelectStream(VideoStream.UNKNOWN).encode())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
