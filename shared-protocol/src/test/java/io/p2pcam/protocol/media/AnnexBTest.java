package io.p2pcam.protocol.media;

import static io.p2pcam.protocol.media.MediaFixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AnnexBTest {

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of(
                        "four- and three-byte start codes",
                        "00000001 6742 000001 68ce 00000001 6588",
                        List.of("6742", "68ce", "6588")),
                Arguments.of("bytes before the first start code are ignored", "ff00 000001 09f0", List.of("09f0")),
                Arguments.of(
                        "trailing zero bytes belong to the stream, not the NAL unit",
                        "000001 09f0 0000 00000001 41aa 0000",
                        List.of("09f0", "41aa")),
                Arguments.of(
                        "two start codes in a row make no empty NAL unit", "00000001 00000001 6588", List.of("6588")),
                Arguments.of("a stream ending in a start code", "000001 6588 000001", List.of("6588")),
                Arguments.of(
                        "emulation prevention bytes stay inside the NAL unit",
                        "000001 6500000301 000001 41",
                        List.of("6500000301", "41")),
                Arguments.of("no start code at all", "6742 68ce", List.of()),
                Arguments.of("empty stream", "", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void splitsAStreamAtItsStartCodes(String name, String stream, List<String> nalUnits) {
        assertThat(AnnexB.split(hex(stream))).map(MediaFixtures::hex).isEqualTo(nalUnits);
    }

    @Test
    void joinsNalUnitsBehindFourByteStartCodes() {
        assertThat(hex(AnnexB.join(List.of(hex("6742"), hex("68"))))).isEqualTo("00000001674200000001" + "68");
    }

    @Test
    void joinsNothingIntoAnEmptyStream() {
        assertThat(AnnexB.join(List.of())).isEmpty();
    }

    /** NAL units as an encoder writes them: escaped, and ending in a non-zero byte. */
    @Property(tries = 300)
    void escapedNalUnitsSurviveJoinAndSplit(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 1, max = 2000) Integer> sizes, @ForAll long seed) {
        Random random = new Random(seed);
        List<byte[]> nalUnits =
                sizes.stream().map(size -> escapedNalUnit(size, random)).toList();

        List<byte[]> split = AnnexB.split(AnnexB.join(nalUnits));

        assertThat(split)
                .map(MediaFixtures::hex)
                .containsExactlyElementsOf(
                        nalUnits.stream().map(MediaFixtures::hex).toList());
    }

    /** Random bytes, biased to zeros, with H.264 §7.4.1 emulation prevention applied. */
    private static byte[] escapedNalUnit(int size, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x65);
        int zeros = 0;
        for (int i = 1; i < size; i++) {
            int value = random.nextBoolean() ? 0 : random.nextInt(4);
            if (zeros >= 2 && value <= 3) {
                out.write(3);
                zeros = 0;
            }
            out.write(value);
            zeros = value == 0 ? zeros + 1 : 0;
        }
        out.write(0x80); // rbsp_stop_one_bit and alignment: never a zero last byte
        return out.toByteArray();
    }
}
