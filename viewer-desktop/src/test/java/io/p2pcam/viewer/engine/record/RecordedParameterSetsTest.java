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

        RecordedParameterSets sets = RecordedParameterSets.NONE.updatedBy(List.of(SEI, SPS, newerSps, PPS, IDR));

        assertThat(sets.complete()).isTrue();
        assertThat(HexFormat.of().formatHex(sets.annexB()))
                .isEqualTo("00000001" + "6742c01f" + "00000001" + "68ce3c80");
    }

    @Test
    void aSetNotRepeatedKeepsItsEarlierValue() {
        RecordedParameterSets first = RecordedParameterSets.NONE.updatedBy(List.of(SPS));
        assertThat(first.complete()).isFalse();

        RecordedParameterSets both = first.updatedBy(List.of(PPS, IDR));

        assertThat(both.sps()).isEqualTo(SPS);
        assertThat(both.pps()).isEqualTo(PPS);
        assertThat(both.updatedBy(List.of(IDR))).isSameAs(both);
    }

    @Test
    void equalBytesAreTheSameSetsAndIncompleteSetsHaveNoAnnexB() {
        RecordedParameterSets sets = RecordedParameterSets.NONE.updatedBy(List.of(SPS, PPS));

        assertThat(sets.sameAs(new RecordedParameterSets(SPS.clone(), PPS.clone())))
                .isTrue();
        assertThat(sets.sameAs(new RecordedParameterSets(SPS, IDR))).isFalse();
        assertThatThrownBy(RecordedParameterSets.NONE::annexB).isInstanceOf(IllegalStateException.class);
    }
}
