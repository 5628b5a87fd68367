package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.cloud.docs.MarkdownDocument;
import io.p2pcam.protocol.pairing.HandshakeAdmission;
import io.p2pcam.protocol.pairing.UnpairedBudget;
import io.p2pcam.protocol.session.RekeyLimits;
import org.junit.jupiter.api.Test;

/**
 * The numbers docs/THREAT_MODEL.md gives as the reason an attacker cannot do something are the
 * limits the code enforces: a defence whose limit changed fails here until its line follows.
 */
class ThreatModelStatesTheLimitsTest {
    private static final String THREATS = MarkdownDocument.read("docs/THREAT_MODEL.md")
            .section("3. What each can and cannot do")
            .text();

    @Test
    void theUnpairedBudgetIsTheCamerasDefault() {
        UnpairedBudget.Limits budget = UnpairedBudget.Limits.DEFAULTS;

        assertThat(THREATS)
                .contains(
                        "unpaired budget: %d then %d/s camera-wide, %d then 1/%d s per source, doubling wait after %d failures (≤ %d s)"
                                .formatted(
                                        budget.burst(),
                                        1000 / budget.refillMillis(),
                                        budget.sourceBurst(),
                                        budget.sourceRefillMillis() / 1000,
                                        budget.freeFailures(),
                                        budget.maxBackoffMillis() / 1000))
                .contains("pairing is delayed ≤ %d min during an attack".formatted(budget.maxBackoffMillis() / 60_000));
    }

    @Test
    void theCloudsCapsAreTheBrokersAndThePasses() {
        assertThat(THREATS)
                .contains("the cloud forwards ≤ %d/s per camera".formatted(CameraConnectCap.PER_SECOND))
                .contains("with a flood far above %d/s per camera".formatted(CameraConnectCap.PER_SECOND))
                .contains("not after %d s".formatted(CloudPasses.WINDOW_SECONDS))
                .contains("…onePassIsWorthFourRequestsAtOnceThenOneASecond");
        assertThat(CloudPasses.BURST).isEqualTo(4);
        assertThat(CloudPasses.PER_SECOND).isEqualTo(1);
    }

    @Test
    void theHandshakeWindowAndTheKeyLimitsAreTheSessions() {
        RekeyLimits rekey = RekeyLimits.DEFAULT;

        assertThat(THREATS)
                .contains("unpaired timestamps must be within ±%d s".formatted(HandshakeAdmission.WINDOW_SECONDS))
                .contains("replay a never-delivered message later than %d minutes"
                        .formatted(HandshakeAdmission.WINDOW_SECONDS / 60))
                .contains("ephemeral keys of let-through messages are remembered %d s"
                        .formatted(2 * HandshakeAdmission.WINDOW_SECONDS))
                .contains(
                        "the previous key is dropped %d s after the update".formatted(rekey.previousKeyMillis() / 1000))
                .contains("keys change every %d s or 2^60 packets".formatted(rekey.rekeyAfterMillis() / 1000));
        assertThat(rekey.rekeyAfterMessages()).isEqualTo(1L << 60);
    }
}
