package io.p2pcam.protocol.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's key update and its checked send counter (docs/PROTOCOL.md §10.2). */
class SessionKeyUpdateTest extends SessionPairBench {
    @Test
    void keysAreUpdatedAfterTheMessageCountAndMediaKeepsFlowing() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 50, 1_000, 10_000, RekeyLimits.DEFAULT.lastCounter());
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        stream(10_000); // ~300 media packets

        assertThat(camera.keyUpdates()).isGreaterThanOrEqualTo(5);
        assertThat(viewer.keyUpdates()).isEqualTo(camera.keyUpdates());
        assertThat(viewer.mediaReceived()).isEqualTo(camera.mediaSent());
        assertThat(viewer.droppedPackets()).isZero();
        assertThat(camera.droppedPackets()).isZero();
        assertThat(captured).anyMatch(p -> (p[1] & SessionPacket.KEY_PHASE_BIT) != 0);
    }

    @Test
    void keysAreUpdatedAfterTwoMinutesOnAnIdleSession() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(RekeyLimits.DEFAULT.rekeyAfterMillis() - 1_000);
        assertThat(camera.keyUpdates()).isZero();
        advance(2_000);
        assertThat(camera.keyUpdates()).isEqualTo(1);
        assertThat(viewer.keyUpdates()).isEqualTo(1);
        advance(RekeyLimits.DEFAULT.rejectAfterMillis() * 2); // keys past the reject age are never used
        assertThat(camera.keyUpdates()).isGreaterThanOrEqualTo(4);
        assertThat(camera.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();
        assertThat(camera.sendMedia(new byte[] {8}, now)).isTrue();
        deliver();
        assertThat(viewerEvents.getLast()).isInstanceOf(SessionEvent.Media.class);
    }

    @Test
    void packetsReorderedAcrossAKeyUpdateAreAcceptedAndStragglersAfterTheGraceAreNot() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 20, 1_000, 3_000, RekeyLimits.DEFAULT.lastCounter());
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        long updatesBefore = camera.keyUpdates();
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // crosses the 20-packet limit: the camera updates mid-burst
            camera.sendMedia(new byte[] {(byte) i}, now);
            SecureSession.Transmit transmit;
            while ((transmit = camera.pollTransmit()) != null) {
                burst.add(transmit.data());
            }
        }
        assertThat(camera.keyUpdates()).isEqualTo(updatesBefore + 1);
        List<byte[]> oldPhase = burst.stream()
                .filter(p -> SessionPacket.keyPhase(p, 0) == SessionPacket.keyPhase(burst.getFirst(), 0))
                .toList();
        List<byte[]> newPhase =
                burst.stream().filter(p -> !oldPhase.contains(p)).toList();
        assertThat(oldPhase).hasSizeGreaterThan(2);
        assertThat(newPhase).isNotEmpty();
        byte[] straggler = oldPhase.getFirst();
        long received = viewer.mediaReceived();

        // The new phase overtakes the old one in the network: the viewer follows, and still opens the old.
        for (byte[] packet : newPhase) {
            viewer.handleDatagram(packet, 0, packet.length, CAMERA_PUBLIC, now);
        }
        for (byte[] packet : oldPhase.subList(1, oldPhase.size())) {
            viewer.handleDatagram(packet, 0, packet.length, CAMERA_PUBLIC, now);
        }
        assertThat(viewer.keyUpdates()).isEqualTo(camera.keyUpdates());
        assertThat(viewer.mediaReceived()).isEqualTo(received + burst.size() - 1);
        deliver();

        advance(rekey.previousKeyMillis() + 100);
        long dropped = viewer.droppedPackets();
        long stillReceived = viewer.mediaReceived();
        viewer.handleDatagram(straggler, 0, straggler.length, CAMERA_PUBLIC, now); // never seen, old keys gone
        byte[] replayed = oldPhase.getLast();
        viewer.handleDatagram(replayed, 0, replayed.length, CAMERA_PUBLIC, now); // seen before the update
        assertThat(viewer.mediaReceived()).isEqualTo(stillReceived);
        assertThat(viewer.droppedPackets()).isEqualTo(dropped + 2);
        assertThat(viewer.isClosed()).isFalse();
    }

    @Test
    void aSessionWhosePeerNeverConfirmsAnUpdateClosesInsteadOfOverusingAKey() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 20, 40, 10_000, RekeyLimits.DEFAULT.lastCounter());
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        long counterBefore = maxCameraCounter();
        int sent = 0;
        while (camera.sendMedia(new byte[] {1}, now)) { // nothing from the viewer arrives meanwhile
            sent++;
            assertThat(sent).isLessThan(1_000);
        }
        SessionEvent last = null;
        SessionEvent event;
        while ((event = camera.pollEvent()) != null) {
            last = event;
        }
        assertThat(last).isEqualTo(new SessionEvent.Closed(SessionEvent.CloseReason.KEYS_EXHAUSTED));
        List<Long> counters = drainCameraCounters();
        assertThat(counters).doesNotHaveDuplicates();
        assertThat(counters.getLast() - counterBefore)
                .as("one update at 20, then at most 40 under the unconfirmed key")
                .isLessThanOrEqualTo(60);
    }

    @Test
    void theSendCounterNeverWrapsTheSessionClosesAtItsEnd() throws Exception {
        rekey = new RekeyLimits(120_000, 180_000, 1L << 60, -(1L << 13) - 1, 10_000, 60);
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        while (camera.sendMedia(new byte[] {1}, now)) {
            deliver();
        }
        deliver();
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.KEYS_EXHAUSTED));
        List<Long> counters = captured.stream()
                .filter(p -> SessionPacket.receiverId(p, 0) == 1)
                .map(p -> SessionPacket.counter(p, 0))
                .toList();
        assertThat(counters).doesNotHaveDuplicates().allMatch(c -> c <= 60).contains(60L);
    }

    private long maxCameraCounter() {
        return captured.stream()
                .filter(p -> SessionPacket.receiverId(p, 0) == 1)
                .mapToLong(p -> SessionPacket.counter(p, 0))
                .max()
                .orElse(0);
    }

    private List<Long> drainCameraCounters() {
        List<Long> counters = new ArrayList<>(captured.stream()
                .filter(p -> SessionPacket.receiverId(p, 0) == 1)
                .map(p -> SessionPacket.counter(p, 0))
                .toList());
        SecureSession.Transmit transmit;
        while ((transmit = camera.pollTransmit()) != null) {
            counters.add(SessionPacket.counter(transmit.data(), 0));
        }
        return counters;
    }
}
