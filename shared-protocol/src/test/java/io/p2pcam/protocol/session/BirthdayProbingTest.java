package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BirthdayProbingTest {
    private static final InetSocketAddress PEER_PUBLIC = new InetSocketAddress("203.0.113.20", 20000);

    private static List<BirthdayProbing.Probe> run(BirthdayProbing birthday, long until) {
        List<BirthdayProbing.Probe> probes = new ArrayList<>();
        for (long now = 0; now <= until; now++) {
            BirthdayProbing.Probe probe;
            while ((probe = birthday.next(now)) != null) {
                probes.add(probe);
            }
        }
        return probes;
    }

    @Test
    void aPeerWhosePortWasKeptLooksEasySoThisSideOpensItsOwnPortsTowardsIt() {
        BirthdayProbing birthday = new BirthdayProbing(
                List.of(Candidate.reflexive(PEER_PUBLIC), Candidate.local(new InetSocketAddress("198.18.1.2", 20000))),
                BirthdayProbing.Limits.DEFAULT,
                new SplittableRandom(1),
                0);

        List<BirthdayProbing.Probe> probes = run(birthday, 2_000);

        assertThat(birthday.role()).isEqualTo(BirthdayProbing.Role.SPRAY);
        assertThat(probes).hasSize(256).allMatch(p -> p.to().equals(PEER_PUBLIC));
        assertThat(probes.stream().map(BirthdayProbing.Probe::socket).distinct())
                .hasSize(256)
                .doesNotContain(0);
        assertThat(birthday.nextAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aPeerWhosePortWasRewrittenLooksHardSoThisSideScansItsAddressBoundedInCountAndRate() {
        BirthdayProbing birthday = new BirthdayProbing(
                List.of(Candidate.reflexive(PEER_PUBLIC), Candidate.local(new InetSocketAddress("198.18.1.2", 40000))),
                BirthdayProbing.Limits.DEFAULT,
                new SplittableRandom(1),
                0);

        assertThat(run(birthday, 499)).as("nothing before the start delay").isEmpty();
        List<BirthdayProbing.Probe> firstSecond = run(birthday, 1_500);
        List<BirthdayProbing.Probe> all = new ArrayList<>(firstSecond);
        all.addAll(run(birthday, 60_000));

        assertThat(birthday.role()).isEqualTo(BirthdayProbing.Role.SCAN);
        assertThat(firstSecond.size()).isBetween(99, 101);
        assertThat(all)
                .hasSize(1024)
                .allMatch(p -> p.socket() == 0
                        && p.to().getAddress().equals(PEER_PUBLIC.getAddress())
                        && p.to().getPort() >= 1024);
        assertThat(new HashSet<>(all)).as("no port twice").hasSize(1024);
    }

    @Test
    void aPeerWithoutNatNeedsNoGuessing() {
        BirthdayProbing birthday = new BirthdayProbing(
                List.of(Candidate.reflexive(PEER_PUBLIC), Candidate.local(PEER_PUBLIC)),
                BirthdayProbing.Limits.DEFAULT,
                new SplittableRandom(1),
                0);
        assertThat(birthday.role()).isEqualTo(BirthdayProbing.Role.NONE);
        assertThat(run(birthday, 20_000)).isEmpty();
    }
}
