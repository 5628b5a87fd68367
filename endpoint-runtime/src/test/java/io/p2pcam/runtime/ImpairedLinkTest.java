package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImpairedLinkTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

    private static List<Integer> sendAndCollect(Impairment impairment, int count, long until) {
        ImpairedLink link = new ImpairedLink(impairment, 1, 0);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            link.submit(PEER, new byte[] {(byte) i, (byte) (i >> 8)}, i);
            link.poll(i).forEach(d -> out.add(d.data()[0] & 0xff | (d.data()[1] & 0xff) << 8));
        }
        for (long t = count; t <= until; t++) {
            link.poll(t).forEach(d -> out.add(d.data()[0] & 0xff | (d.data()[1] & 0xff) << 8));
        }
        return out;
    }

    @Test
    void dropsAboutTheGivenShare() {
        List<Integer> out = sendAndCollect(Impairment.parse("loss=0.05"), 10_000, 10_000);
        assertThat(out.size()).isBetween(9_400, 9_600);
        assertThat(out).isSorted();
    }

    @Test
    void delaysEveryDatagram() {
        ImpairedLink link = new ImpairedLink(Impairment.parse("delay=25"), 1, 0);
        link.submit(PEER, new byte[1], 100);
        assertThat(link.poll(124)).isEmpty();
        assertThat(link.nextDue()).isEqualTo(125);
        assertThat(link.poll(125)).hasSize(1);
    }

    @Test
    void reorderedDatagramsAreOvertaken() {
        List<Integer> out = sendAndCollect(Impairment.parse("reorder=0.1,reorderDelay=20"), 1000, 2000);
        assertThat(out).hasSize(1000).isNotEqualTo(out.stream().sorted().toList());
    }

    @Test
    void duplicatesArriveTwice() {
        List<Integer> out = sendAndCollect(Impairment.parse("dup=0.1"), 1000, 1000);
        assertThat(out.size()).isBetween(1070, 1130);
    }

    @Test
    void aBurstRaisesTheLossForItsDurationOnly() {
        Impairment burst = Impairment.parse("loss=0,burst=1000:1000:0.5");
        List<Integer> out = sendAndCollect(burst, 3000, 3000);
        assertThat(out.stream().filter(i -> i < 1000)).hasSize(1000);
        assertThat(out.stream().filter(i -> i >= 1000 && i < 2000).count()).isBetween(430L, 570L);
        assertThat(out.stream().filter(i -> i >= 2000)).hasSize(1000);
    }

    @Test
    void badSpecsAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Impairment.parse("loss=5")).hasMessageContaining("probability");
        assertThatThrownBy(() -> Impairment.parse("lose=0.1")).hasMessageContaining("unknown impairment 'lose'");
        assertThatThrownBy(() -> Impairment.parse("burst=1:2")).hasMessageContaining("START_MS:DURATION_MS:LOSS");
    }
}
