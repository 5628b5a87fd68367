package io.p2pcam.protocol.hash;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Keys a sender writes (opaque message fields, camera IDs) must not be able to share a hash code:
 * a HashMap searches a bin of equal hash codes whose keys have no order key by key, so under
 * Arrays.hashCode a sender could make every lookup in a table it fills walk all of it.
 */
class SeededHashTest {
    @Test
    void byteStringsChosenToShareAPublicHashCodeGetHashCodesOfTheirOwn() {
        for (int length : new int[] {8, 15, 16, 32}) {
            Set<Integer> hashCodes = new HashSet<>();
            int strings = 1000;
            for (int i = 0; i < strings; i++) {
                byte[] bytes = CollidingKeys.arraysHashCodeOfZeros(i, length);
                assertThat(Arrays.hashCode(bytes)).isEqualTo(Arrays.hashCode(new byte[length])); // the aim
                hashCodes.add(Bytes.of(bytes).hashCode());
            }

            assertThat(hashCodes)
                    .as("distinct hash codes of %d %d-byte strings chosen to collide", strings, length)
                    .hasSizeGreaterThan(strings - 5);
        }
    }

    @Test
    void equalContentHashesEquallyAndLengthCounts() {
        byte[] bytes = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

        assertThat(SeededHash.of(bytes.clone())).isEqualTo(SeededHash.of(bytes));
        assertThat(Bytes.of(bytes)).hasSameHashCodeAs(Bytes.of(bytes.clone()));
        assertThat(SeededHash.of(new byte[3])).isNotEqualTo(SeededHash.of(new byte[4]));
    }
}
