package io.p2pcam.protocol.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.media.RtpPacket;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReceiverReport;
import io.p2pcam.protocol.rtcp.RtcpPacket.ReportBlock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each receiver report the camera takes moves its one encoder's rate a step for every viewer
 * (docs/PROTOCOL.md §10.6): a viewer may not take more steps than an honest one by sending reports,
 * or blocks about our stream, faster than it should.
 */
class SenderLinkReportFloodTest {
    private static final long STREAM = 0x2222_2222L;
    private static final long VIEWER = 0x1111_1111L;
    private final SendHistory history = new SendHistory(64);
    private final SenderLink link = new SenderLink(history, 0);

    private static ReceiverReport allLost(int blocks) {
        return new ReceiverReport(VIEWER, Collections.nCopies(blocks, new ReportBlock(STREAM, 255, 1_000, 1, 0, 0, 0)));
    }

    private List<SenderLink.Quality> taken() {
        List<SenderLink.Quality> taken = new ArrayList<>();
        SenderLink.Quality quality;
        while ((quality = link.pollQuality()) != null) {
            taken.add(quality);
        }
        return taken;
    }

    @Test
    void aSecondOfReportsFullOfBlocksAboutOurStreamIsTakenAsAnHonestViewersFew() {
        OutgoingRtp rtp = OutgoingRtp.of(new RtpPacket(96, false, 1, 0, STREAM, new byte[] {1}));
        history.add(rtp);
        link.send(rtp);

        for (long now = 0; now < 1_000; now += 5) {
            link.receiveRtcp(List.of(allLost(31)), now); // 31 blocks: as many as one RR holds
        }

        // Before: 6,200 steps (every block of every report), the rate at its floor at once.
        assertThat(taken()).hasSize((int) (1_000 / SenderLink.MIN_REPORT_SPACING_MILLIS));
        assertThat(link.reportsIgnored()).isEqualTo(200 - 1_000 / SenderLink.MIN_REPORT_SPACING_MILLIS);
    }

    @Test
    void anHonestViewersReportsAreEachTaken() {
        OutgoingRtp rtp = OutgoingRtp.of(new RtpPacket(96, false, 1, 0, STREAM, new byte[] {1}));
        history.add(rtp);
        link.send(rtp);

        for (long now = 0; now < 10_000; now += MediaReceiver.REPORT_INTERVAL_MILLIS) {
            link.receiveRtcp(List.of(allLost(1)), now);
        }

        assertThat(taken()).hasSize((int) (10_000 / MediaReceiver.REPORT_INTERVAL_MILLIS));
        assertThat(link.reportsIgnored()).isZero();
    }
}
