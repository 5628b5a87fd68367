package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9000 §9.3.3, off-path packet forwarding, against two sessions on a fake clock
 * (docs/PROTOCOL.md §10.3, decision 0075). An attacker at {@link #ATTACKER} sees every packet the
 * viewer sends the camera and re-sends a copy from its own address that arrives first; the viewer's
 * own packet arrives second, a duplicate. The attacker passes on to the viewer what small packets
 * the camera sends it (the camera's PROBE, so that the viewer answers it, and back comes that answer
 * as the attacker's own: its address passes validation) and keeps the large ones, the video.
 */
class OffPathForwardingTest extends SessionPairBench {
    /** Larger than any PROBE, PROBE_ACK or KEEPALIVE, smaller than the video here. */
    private static final int SMALL = 100;

    private boolean racing;
    /** Whether the viewer's own packets arrive only at the end of the 33 ms tick (the copy's lead is longer than a round trip). */
    private boolean originalsLate;

    private final List<byte[]> lateOriginals = new ArrayList<>();
    private int videoKept;
    private int copies;

    OffPathForwardingTest() {
        frame = new byte[SMALL + 100]; // video the attacker tells apart by its size
    }

    @Override
    boolean intercepted(SecureSession from, SecureSession.Transmit transmit) {
        byte[] data = transmit.data();
        if (from == viewer && transmit.to().equals(ATTACKER)) {
            camera.handleDatagram(data, 0, data.length, ATTACKER, now); // the viewer's answer, as the attacker's own
            return true;
        }
        if (from == camera && transmit.to().equals(ATTACKER)) {
            if (data.length <= SMALL) {
                viewer.handleDatagram(data, 0, data.length, ATTACKER, now);
            } else {
                videoKept++;
            }
            return true;
        }
        if (racing && from == viewer && transmit.to().equals(CAMERA_PUBLIC)) {
            copies++;
            camera.handleDatagram(data, 0, data.length, ATTACKER, now); // the copy, first
            if (originalsLate) {
                lateOriginals.add(data);
                return true;
            }
        }
        return false; // the original, second
    }

    @Test
    void copiesThatArriveFirstNeitherMoveThePathNorTakeTheStream() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        stream(1_000);
        racing = true;
        int before = viewerMediaAt.size();

        stream(10_000);

        assertThat(copies).isPositive();
        assertThat(videoKept).as("video sent to the attacker").isZero();
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
        assertThat(cameraEvents).noneMatch(e -> e instanceof SessionEvent.PathChanged);
        assertThat(viewerMediaAt.size() - before)
                .as("every frame of the 10 s reached the viewer")
                .isGreaterThanOrEqualTo(10_000 / 33);
        assertThat(camera.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();
    }

    @Test
    void aPathThatFollowedTheCopiesMovesBackWhenTheViewersOwnPacketsArriveAndStaysThere() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        stream(1_000);
        racing = true;
        originalsLate = true;

        stream(10_000);

        // The first copy's address answered its PROBE (through the attacker) before the viewer's own
        // packet came: the path followed the copier for that long, and came back for good.
        assertThat(cameraEvents)
                .filteredOn(e -> e instanceof SessionEvent.PathChanged)
                .containsExactly(
                        new SessionEvent.PathChanged(ATTACKER, SessionEvent.PathKind.DIRECT),
                        new SessionEvent.PathChanged(VIEWER_PUBLIC, SessionEvent.PathKind.DIRECT));
        assertThat(videoKept).as("video sent to the attacker: one tick's").isLessThanOrEqualTo(1);
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
        assertThat(viewerMediaAt.getLast()).isGreaterThan(now - 100);
        assertThat(camera.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();
    }

    @Test
    void onceTheCopiesStopARealRebindingIsFollowedAgain() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        racing = true;
        stream(3_000);
        racing = false;
        long reboundAt = now;
        reachable.remove(VIEWER_PUBLIC); // the viewer's NAT forgot the mapping and made a new one
        reachable.put(VIEWER_REBOUND, viewer);
        viewerAt = VIEWER_REBOUND;

        stream(5_000);

        assertThat(camera.path()).isEqualTo(VIEWER_REBOUND);
        long firstAfter =
                viewerMediaAt.stream().filter(t -> t > reboundAt).findFirst().orElseThrow();
        assertThat(firstAfter - reboundAt)
                .as("the copies' last proof that the viewer was on the old path holds a move off it for a"
                        + " quiet-path time at most, then the next RTCP's address is followed")
                .isLessThanOrEqualTo(SessionTimers.DEFAULT.quietPathMillis() + 600);
        assertThat(viewer.isClosed()).isFalse();
    }

    /** The viewer's own packets held back by the copy's lead arrive at the end of the tick. */
    @Override
    void afterTick() {
        for (byte[] original : lateOriginals) {
            camera.handleDatagram(original, 0, original.length, viewerAt, now);
        }
        lateOriginals.clear();
        deliver();
    }
}
