package io.p2pcam.protocol.session;

import static io.p2pcam.protocol.testing.Addresses.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.RelayFrame;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Punching, relaying, path changes and validation, and what the session drops. */
class SecureSessionTest extends SessionPairBench {
    @Test
    void bothEndsFindTheReachablePathAndMediaFlows() throws Exception {
        establish(List.of(Candidate.local(UNREACHABLE), Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.PathSelected p
                        && p.kind() == SessionEvent.PathKind.DIRECT
                        && p.elapsedMillis() <= 200);
        assertThat(camera.sendMedia(new byte[] {1, 2, 3}, now)).isTrue();
        deliver();
        assertThat(viewerEvents).anyMatch(e -> e instanceof SessionEvent.Media m && m.rtp().length == 3);
    }

    @Test
    void feedbackAndRetransmissionsTravelAsTheirOwnKinds() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        assertThat(viewer.sendFeedback(new byte[] {(byte) 0x81, (byte) 0xce, 0, 2}, now))
                .isTrue();
        assertThat(camera.sendRetransmission(new byte[] {4, 5}, now)).isTrue();
        deliver();
        assertThat(cameraEvents).anyMatch(e -> e instanceof SessionEvent.Feedback f && f.rtcp().length == 4);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.Retransmission r && r.rtp().length == 2)
                .noneMatch(e -> e instanceof SessionEvent.Media);
    }

    @Test
    void aLocalCandidateThatAnswersIsReportedAsLan() throws Exception {
        reachable.put(CAMERA_LAN, null);
        establish(List.of(Candidate.local(CAMERA_PUBLIC), Candidate.reflexive(address("203.0.113.10", 50001))));
        advance(200);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.PathSelected p && p.kind() == SessionEvent.PathKind.LAN);
    }

    @Test
    void aPublicHostsOwnAddressIsDirectNotLanThoughItIsAlsoItsLocalCandidate() throws Exception {
        // A camera with a public address: LOCAL and REFLEXIVE are the same (seen in the NAT lab).
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC), Candidate.local(CAMERA_PUBLIC)));
        advance(200);
        assertThat(viewerEvents)
                .anyMatch(e -> e instanceof SessionEvent.PathSelected p && p.kind() == SessionEvent.PathKind.DIRECT)
                .noneMatch(e -> e instanceof SessionEvent.PathSelected p && p.kind() == SessionEvent.PathKind.LAN);
    }

    @Test
    void withoutADirectPathTheRelayCarriesTheSessionAfterTheRelayDelay() throws Exception {
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(SessionTimers.DEFAULT.relayAfterMillis() - 10);
        assertThat(viewer.path()).isNull();
        advance(300);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        assertThat(camera.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        int before = relayed;
        assertThat(camera.sendMedia(new byte[] {5, 6}, now)).isTrue();
        deliver();
        assertThat(relayed).isEqualTo(before + 1);
        assertThat(viewerEvents).anyMatch(e -> e instanceof SessionEvent.Media m && m.rtp().length == 2);
        advance(60_000); // keepalives through the relay hold it
        assertThat(viewer.isClosed()).isFalse();
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
    }

    @Test
    void aRelayedSessionMovesToADirectPathOnceOneOpensAndStaysThere() throws Exception {
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(2_000);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        directOpen = true; // e.g. the NAT's mapping finally matched
        advance(1_000);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.DIRECT);
        assertThat(camera.pathKind()).isEqualTo(SessionEvent.PathKind.DIRECT);
        assertThat(viewerEvents).contains(new SessionEvent.PathChanged(CAMERA_PUBLIC, SessionEvent.PathKind.DIRECT));
        int before = relayed;
        advance(30_000);
        assertThat(relayed)
                .as("nothing goes through the relay once direct works")
                .isEqualTo(before);
        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
    }

    @Test
    void aDirectPathThatDiesFallsBackToTheRelayBeforeTheSessionTimesOut() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(500);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.DIRECT);
        directOpen = false; // the mapping is gone and comes back elsewhere
        advance(SessionTimers.DEFAULT.silenceMillis() - 500);
        assertThat(viewer.isClosed()).isFalse();
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        assertThat(camera.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        advance(10_000);
        assertThat(camera.isClosed()).isFalse();
    }

    @Test
    void aPathFoundThroughAnExtraSocketKeepsSendingFromIt() throws Exception {
        // The camera looks easy to the viewer (its public port is its local one): the viewer sprays.
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC), Candidate.local(address("198.18.0.10", 50000))));
        advance(400);
        now = 520; // birthday probing starts at 500 ms; take the viewer's output by hand from here
        List<SecureSession.Transmit> sprayed = new ArrayList<>();
        SecureSession.Transmit transmit;
        viewer.handleTimeout(now);
        while ((transmit = viewer.pollTransmit()) != null) {
            if (transmit.socket() != 0) {
                sprayed.add(transmit);
            }
        }
        assertThat(sprayed).isNotEmpty().allMatch(t -> t.to().equals(CAMERA_PUBLIC));
        // One sprayed probe reaches the camera through the hard NAT's port for socket k.
        SecureSession.Transmit hit = sprayed.getFirst();
        InetSocketAddress viewerPortK = address("198.51.100.7", 45555);
        camera.handleDatagram(hit.data(), 0, hit.data().length, viewerPortK, now);
        byte[] ack = null;
        while ((transmit = camera.pollTransmit()) != null) {
            if (transmit.to().equals(viewerPortK) && ack == null) {
                ack = transmit.data();
            }
        }
        assertThat(ack).isNotNull();
        viewer.handleDatagram(ack, 0, ack.length, CAMERA_PUBLIC, hit.socket(), now);

        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
        viewer.requestKeyframe(now);
        SecureSession.Transmit control = null;
        while ((transmit = viewer.pollTransmit()) != null) {
            control = transmit;
        }
        assertThat(control).isNotNull();
        assertThat(control.socket())
                .as("the socket whose port the camera reached")
                .isEqualTo(hit.socket());
    }

    @Test
    void keepalivesHoldAnIdleSessionAndSilenceClosesIt() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(60_000);
        assertThat(camera.isClosed()).isFalse();
        assertThat(viewer.isClosed()).isFalse();
        network = packet -> false; // the path dies
        advance(6_000);
        assertThat(viewerEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PEER_SILENT));
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PEER_SILENT));
    }

    @Test
    void punchingGivesUpWhenNoCandidateAnswers() throws Exception {
        network = packet -> false;
        establish(List.of(Candidate.local(UNREACHABLE)));
        advance(9_000);
        assertThat(viewer.isClosed()).isFalse();
        advance(2_000);
        assertThat(viewerEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PUNCH_FAILED));
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PUNCH_FAILED));
    }

    @Test
    void aProbeFromAnAddressNobodyAnnouncedBecomesACandidate() throws Exception {
        establish(List.of(Candidate.local(UNREACHABLE))); // the viewer was not told the camera's public address
        advance(300);
        assertThat(viewer.path()).isEqualTo(CAMERA_PUBLIC);
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
    }

    @Test
    void replayedTamperedAndStrangePacketsAreDroppedAndCounted() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        camera.sendMedia(new byte[] {9}, now);
        SecureSession.Transmit media = camera.pollTransmit();
        viewer.handleDatagram(media.data(), 0, media.data().length, CAMERA_PUBLIC, now);
        long received = viewer.mediaReceived();
        long dropped = viewer.droppedPackets();

        viewer.handleDatagram(media.data(), 0, media.data().length, CAMERA_PUBLIC, now); // replay
        byte[] tampered = media.data().clone();
        tampered[tampered.length - 5] ^= 1;
        viewer.handleDatagram(tampered, 0, tampered.length, CAMERA_PUBLIC, now);
        byte[] garbage = new byte[100];
        new SplittableRandom(3).nextBytes(garbage);
        viewer.handleDatagram(garbage, 0, garbage.length, CAMERA_PUBLIC, now);

        assertThat(viewer.mediaReceived()).isEqualTo(received);
        assertThat(viewer.droppedPackets()).isEqualTo(dropped + 3);
        assertThat(viewer.isClosed()).isFalse();
    }

    @Test
    void aByeClosesThePeerAtOnce() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        viewer.close(now);
        deliver();
        assertThat(cameraEvents).contains(new SessionEvent.Closed(SessionEvent.CloseReason.PEER_CLOSED));
    }

    @Test
    void everyPacketIsSealedProbesIncluded() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(100);
        assertThat(captured).isNotEmpty().allSatisfy(packet -> {
            assertThat(packet[0]).isEqualTo((byte) SessionPacket.MAGIC);
            assertThat(packet.length).isGreaterThanOrEqualTo(SessionPacket.OVERHEAD);
        });
    }

    @Test
    void aCopiedPacketResentFromAnotherAddressDoesNotRedirectTheStream() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        holdViewerPackets = true; // an observer on the viewer's path copies what it sends
        advance(1_500);
        holdViewerPackets = false;
        assertThat(heldFromViewer).isNotEmpty();
        byte[] copied = heldFromViewer.getFirst().data();
        camera.handleDatagram(copied, 0, copied.length, ATTACKER, now); // the copy wins the race
        assertThat(camera.path())
                .as("one authentic packet does not move the path")
                .isEqualTo(VIEWER_PUBLIC);
        for (SecureSession.Transmit held : heldFromViewer) {
            camera.handleDatagram(held.data(), 0, held.data().length, VIEWER_PUBLIC, now);
        }
        deliver();

        assertThat(camera.sendMedia(new byte[] {7, 7, 7}, now)).isTrue();
        deliver();
        assertThat(camera.path()).isEqualTo(VIEWER_PUBLIC);
        assertThat(viewerEvents).anyMatch(e -> e instanceof SessionEvent.Media m && m.rtp().length == 3);
        advance(10_000);
        assertThat(camera.path()).as("the stream stays with the viewer").isEqualTo(VIEWER_PUBLIC);
        assertThat(camera.isClosed()).isFalse();
        assertThat(cameraEvents).noneMatch(e -> e instanceof SessionEvent.PathChanged);
        assertThat(bytesSentTo.getOrDefault(ATTACKER, 0))
                .as("at most 3x what the unvalidated address sent (QUIC's anti-amplification limit)")
                .isPositive()
                .isLessThanOrEqualTo(3 * copied.length);
    }

    @Test
    void aNatRebindingIsFollowedWithinARoundTripWhenTheViewerSendsOnlyFeedback() throws Exception {
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)));
        advance(500);
        stream(2_000);
        long reboundAt = now;
        reachable.remove(VIEWER_PUBLIC); // the viewer's NAT forgot the mapping and made a new one
        reachable.put(VIEWER_REBOUND, viewer);
        viewerAt = VIEWER_REBOUND;
        stream(5_000);

        assertThat(camera.path()).isEqualTo(VIEWER_REBOUND);
        assertThat(cameraEvents).contains(new SessionEvent.PathChanged(VIEWER_REBOUND, SessionEvent.PathKind.DIRECT));
        long firstAfter =
                viewerMediaAt.stream().filter(t -> t > reboundAt).findFirst().orElseThrow();
        assertThat(firstAfter - reboundAt)
                .as("media resumes once the next RTCP's new address is validated, one RTCP interval at most")
                .isLessThanOrEqualTo(600);
        assertThat(viewerMediaAt.getLast()).isGreaterThan(now - 100);
        assertThat(viewer.isClosed()).isFalse();
        assertThat(camera.isClosed()).isFalse();
    }

    @Test
    void aCopiedProbeAckResentFromAnotherAddressDoesNotMoveARelayedSession() throws Exception {
        directOpen = false;
        establish(List.of(Candidate.reflexive(CAMERA_PUBLIC)), true);
        advance(2_000);
        assertThat(viewer.pathKind()).isEqualTo(SessionEvent.PathKind.RELAY);
        holdRelayedFromCamera = true; // an observer next to the relay copies what it forwards
        advance(1_000);
        holdRelayedFromCamera = false;
        assertThat(heldRelayedFromCamera).isNotEmpty();
        for (byte[] frame : heldRelayedFromCamera) { // the copies win the race: acks, probes, keepalives
            viewer.handleDatagram(
                    frame, RelayFrame.HEADER_BYTES, RelayFrame.sessionPacketLength(frame.length), ATTACKER, now);
        }
        for (byte[] frame : heldRelayedFromCamera) {
            viewer.handleDatagram(
                    frame, RelayFrame.HEADER_BYTES, RelayFrame.sessionPacketLength(frame.length), RELAY, now);
        }
        deliver();
        advance(5_000);
        assertThat(viewer.path()).isEqualTo(RELAY);
        assertThat(viewerEvents)
                .noneMatch(e -> e instanceof SessionEvent.PathChanged changed
                        && changed.peer().equals(ATTACKER));
        assertThat(viewer.isClosed()).isFalse();
    }
}
