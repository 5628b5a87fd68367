package io.p2pcam.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.hash.CollidingKeys;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CameraIdTest {
    private static final CameraId SAMPLE =
            CameraId.fromBytes(HexFormat.of().parseHex("00443214c74254b635cf84653a56d7"));

    @Test
    void writesFiveGroupsOfFiveWithCheckSymbolLast() {
        String text = SAMPLE.toString();
        assertThat(text).matches("[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){4}");
        assertThat(text).startsWith("0123456789ABCDEFGHJKMNPQR".substring(0, 5));
    }

    @Test
    void encodesBigEndianFiveBitsPerSymbol() {
        // 0x00443214c74254b635cf84653a56d7 is the symbols 0..23 in order: 0123456789ABCDEFGHJKMNPQ.
        assertThat(SAMPLE.toString().replace("-", "")).startsWith("0123456789ABCDEFGHJKMNPQ");
    }

    @Test
    void parsesWithOrWithoutDashesInAnyCase() throws Exception {
        String text = SAMPLE.toString();
        assertThat(CameraId.parse(text)).isEqualTo(SAMPLE);
        assertThat(CameraId.parse(text.replace("-", ""))).isEqualTo(SAMPLE);
        assertThat(CameraId.parse(text.toLowerCase(Locale.ROOT))).isEqualTo(SAMPLE);
        assertThat(CameraId.parse("  " + text.replace("-", " ") + "\n")).isEqualTo(SAMPLE);
    }

    @Test
    void acceptsCrockfordLookAlikes() throws Exception {
        String text = SAMPLE.toString(); // starts with "01234"
        assertThat(CameraId.parse("OI" + text.substring(2))).isEqualTo(SAMPLE);
        assertThat(CameraId.parse("ol" + text.substring(2))).isEqualTo(SAMPLE);
    }

    @Test
    void namesABadCharacterAndItsPosition() {
        String text = SAMPLE.toString();
        String typo = text.substring(0, 6) + "U" + text.substring(7);
        assertThatThrownBy(() -> CameraId.parse(typo))
                .isInstanceOf(CameraIdFormatException.class)
                .hasMessage("bad character 'U' at 7")
                .extracting(e -> ((CameraIdFormatException) e).position())
                .isEqualTo(7);
    }

    @Test
    void saysWrongLengthWithBothCounts() {
        String shortened = SAMPLE.toString().substring(1);
        assertThatThrownBy(() -> CameraId.parse(shortened))
                .hasMessage("wrong length: a camera ID has 25 characters, this has 24")
                .extracting(e -> ((CameraIdFormatException) e).reason())
                .isEqualTo(CameraIdFormatException.Reason.WRONG_LENGTH);
    }

    @Test
    void rejectsAnEmptyId() {
        assertThatThrownBy(() -> CameraId.parse("  ")).hasMessage("no camera ID given");
        assertThatThrownBy(() -> CameraId.parse(null)).hasMessage("no camera ID given");
    }

    @Property
    void everySingleSymbolTypoIsCaught(
            @ForAll @Size(15) byte[] bytes,
            @ForAll @IntRange(max = 24) int position,
            @ForAll @IntRange(min = 1, max = 31) int delta) {
        String text = CameraId.fromBytes(bytes).toString().replace("-", "");
        int wrong = (Crockford32.valueOf(text.charAt(position)) + delta) % 32;
        String typo = text.substring(0, position) + Crockford32.symbol(wrong) + text.substring(position + 1);
        assertThatThrownBy(() -> CameraId.parse(typo))
                .extracting(e -> ((CameraIdFormatException) e).reason())
                .isEqualTo(CameraIdFormatException.Reason.CHECK_MISMATCH);
    }

    @Property
    void everyIdRoundTripsThroughItsText(@ForAll @Size(15) byte[] bytes) throws Exception {
        CameraId id = CameraId.fromBytes(bytes);
        assertThat(CameraId.parse(id.toString())).isEqualTo(id);
        assertThat(id.toBytes()).isEqualTo(bytes);
    }

    @Test
    void nearlyEveryNeighbourSwapIsCaught() throws Exception {
        SecureRandom random = new SecureRandom();
        int swaps = 0;
        int caught = 0;
        for (int round = 0; round < 2000; round++) {
            byte[] bytes = new byte[CameraId.BYTES];
            random.nextBytes(bytes);
            String text = CameraId.fromBytes(bytes).toString().replace("-", "");
            int i = random.nextInt(text.length() - 1);
            if (text.charAt(i) == text.charAt(i + 1)) {
                continue;
            }
            swaps++;
            String swapped = text.substring(0, i) + text.charAt(i + 1) + text.charAt(i) + text.substring(i + 2);
            try {
                CameraId.parse(swapped);
            } catch (CameraIdFormatException e) {
                caught++;
            }
        }
        // Luhn mod 32 misses only the swap of the two symbols worth 0 and 31 ("0Z" / "Z0").
        assertThat((double) caught / swaps).isGreaterThan(0.99);
    }

    @Test
    void anIdMatchesOnlyTheKeyItWasMadeFrom() {
        SecureRandom random = new SecureRandom();
        CameraIdentity camera = CameraIdentity.generate(random);
        CameraIdentity other = CameraIdentity.generate(random);
        assertThat(camera.id().matches(camera.publicKey())).isTrue();
        assertThat(camera.id().matches(other.publicKey())).isFalse();
        assertThat(CameraId.of(camera.publicKey())).isEqualTo(camera.id());
    }

    /**
     * The wire takes any 15 bytes as an ID (a LOOKUP of an unknown one included), and the cloud
     * keeps IDs in HashMaps (a cluster node's cache of the shared registry, 65,536 entries): under
     * Arrays.hashCode anyone can write thousands of IDs with one hash code (raise one byte, lower
     * the next by 31), and a HashMap searches such a bin key by key.
     */
    @Test
    void idsChosenToShareAPublicHashCodeGetHashCodesOfTheirOwn() {
        Set<Integer> hashCodes = new HashSet<>();
        int ids = 1000;
        for (int i = 0; i < ids; i++) {
            byte[] bytes = CollidingKeys.arraysHashCodeOfZeros(i, CameraId.BYTES);
            assertThat(Arrays.hashCode(bytes)).isEqualTo(Arrays.hashCode(new byte[CameraId.BYTES])); // the aim
            hashCodes.add(CameraId.fromBytes(bytes).hashCode());
        }

        assertThat(hashCodes)
                .as("distinct hash codes of %d IDs chosen to collide", ids)
                .hasSizeGreaterThan(ids - 5);
    }

    @Test
    void equalIdsHaveEqualHashCodes() {
        byte[] bytes = HexFormat.of().parseHex("00112233445566778899aabbccddee");

        assertThat(CameraId.fromBytes(bytes.clone()))
                .isEqualTo(CameraId.fromBytes(bytes))
                .hasSameHashCodeAs(CameraId.fromBytes(bytes));
    }
}
