package io.p2pcam.runtime;

import static io.p2pcam.runtime.LanFindsFixture.camera;
import static io.p2pcam.runtime.LanFindsFixture.found;
import static io.p2pcam.runtime.LanFindsFixture.stranger;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** The line of refused claims of a looked-for ID: one per source, the newest first, bounded. */
class LanWaitingClaimsTest {
    private final LanWaitingClaims waiting = new LanWaitingClaims();

    private static LanWaitingClaims.Claim claim(String name, LanBrowser.Found camera, String source) throws Exception {
        return new LanWaitingClaims.Claim(name, found(camera.announcement(), source), InetAddress.getByName(source));
    }

    private void refuse(LanWaitingClaims.Claim claim) {
        waiting.refused(claim, waiting.heard(claim.camera().id(), claim.source()));
    }

    @Test
    void aNewSourcePushesOutTheOldestAndOneHeardBeforeWaitsBehindPushingNoneOut() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        for (int i = 0; i < 50; i++) {
            refuse(claim("Claim " + i, porch, stranger(i)));
        }
        refuse(claim("Porch", porch, "192.0.2.10"));
        for (int i = 0; i < 50; i++) { // the same addresses again
            refuse(claim("Again " + i, porch, stranger(i)));
        }

        assertThat(waiting.takeNewest(porch.id(), any -> true).name()).isEqualTo("Porch");
        assertThat(waiting.takeNewest(porch.id(), any -> true).name())
                .as("a waiting source's later claim, in its place")
                .isEqualTo("Again 49");
        assertThat(waiting.waits("Claim 46")).as("pushed out by a newer source").isFalse();
        assertThat(waiting.waits("Again 10")).as("heard before, the line full").isFalse();
    }

    @Test
    void aClaimNotEligibleIsDroppedAndTheNextNewestTaken() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        refuse(claim("Older", porch, "192.0.2.20"));
        refuse(claim("Newer", porch, "192.0.2.21"));

        assertThat(waiting.takeNewest(porch.id(), claim -> !claim.name().equals("Newer"))
                        .name())
                .isEqualTo("Older");
        assertThat(waiting.has(porch.id())).isFalse();
        assertThat(waiting.waits("Newer")).isFalse();
    }

    @Test
    void aWaitingClaimRefusedAgainKeepsItsPlaceInLine() throws Exception {
        LanBrowser.Found porch = camera("Porch", "192.0.2.10");
        refuse(claim("Forged", porch, "192.0.2.20"));
        refuse(claim("Porch", porch, "192.0.2.10"));

        refuse(claim("Porch", porch, "192.0.2.10")); // resolved again (the viewer looked for it again)

        assertThat(waiting.takeNewest(porch.id(), any -> true).name()).isEqualTo("Porch");
    }
}
