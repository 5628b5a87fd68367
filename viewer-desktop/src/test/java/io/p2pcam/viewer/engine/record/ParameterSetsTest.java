package io.p2pcam.viewer.engine.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterSetsTest {

    private static final byte[] SPS = HexFormat.of().parseHex("6742c01e");
    private static final byte[] PPS = HexFormat.of().parseHex("68ce3c80");
    private static final byte[] IDR = HexFormat.of().parseHex("65888400");
    private static final byte[] SEI = HexFormat.of().parseHex("0605ff");

    @Test
    void theLastSpsAndPpsOfAnAccessUnitAreKeptAndGivenAsAnnexB() {
        byte[] newerSps = HexFormat.of().parseHex("6742c01f");

        ParameterSets sets = ParameterSets.NONE.updatedBy(List.of(SEI, SPS, newerSps, PPS, IDR));

        assertThat(sets.complete()).isTrue();
        assertThat(HexFormat.of().formatHex(sets.annexB()))
                .isEqualTo("00000001" + "6742c01f" + "00000001" + "68ce3c80");
    }

    @Test
    void aSetNotRepeatedKeepsItsEarlierValue() {
        ParameterSets first = ParameterSets.NONE.updatedBy(List.of(SPS));
        assertThat(first.complete()).isFalse();

        ParameterSets both = first.updatedBy(List.of(PPS, IDR));

        assertThat(both.sps()).isEqualTo(SPS);
        assertThat(both.pps()).isEqualTo(PPS);
        assertThat(both.updatedBy(List.of(IDR))).isSameAs(both);
    }

    @Test
    void equalBytesAreTheSameSetsAndIncompleteSetsHaveNoAnnexB() {
        ParameterSets sets = ParameterSets.NONE.updatedBy(List.of(SPS, PPS));

        assertThat(sets.sameAs(new ParameterSets(SPS.clone(), PPS.clone()))).isTrue();
        assertThat(sets.sameAs(new ParameterSets(SPS, IDR))).isFalse();
        assertThatThrownBy(ParameterSets.NONE::annexB).isInstanceOf(IllegalStateException.class);
    }
}
