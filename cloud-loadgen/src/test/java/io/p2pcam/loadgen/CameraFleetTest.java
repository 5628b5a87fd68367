package io.p2pcam.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.loadgen.CameraFleet.State;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CameraFleetTest {
    private static CameraFleet keyedFleet(int size) {
        CameraFleet fleet = new CameraFleet(size);
        for (int camera = 0; camera < size; camera++) {
            byte[] publicKey = new byte[64];
            Arrays.fill(publicKey, (byte) camera);
            fleet.installKeys(camera, new byte[32], publicKey);
        }
        return fleet;
    }

    @Test
    void countsRegisteredAndRegisteringCamerasThroughEveryTransition() {
        CameraFleet fleet = keyedFleet(3);
        assertThat(fleet.state(0)).isEqualTo(State.KEYED);

        assertThat(fleet.transition(0, State.KEYED, State.HELLO_SENT)).isTrue();
        assertThat(fleet.transition(1, State.KEYED, State.HELLO_SENT)).isTrue();
        assertThat(fleet.registering()).isEqualTo(2);
        assertThat(fleet.transition(0, State.HELLO_SENT, State.REGISTER_SENT)).isTrue();
        assertThat(fleet.registering()).isEqualTo(2);
        assertThat(fleet.transition(0, State.REGISTER_SENT, State.REGISTERED)).isTrue();
        assertThat(fleet.registering()).isEqualTo(1);
        assertThat(fleet.registered()).isEqualTo(1);

        assertThat(fleet.transition(0, State.REGISTERED, State.LOST)).isTrue();
        assertThat(fleet.registered()).isZero();
        assertThat(fleet.registering()).isEqualTo(1);
        assertThat(fleet.transition(0, State.LOST, State.HELLO_SENT)).isTrue();
        assertThat(fleet.registering()).isEqualTo(2);
    }

    @Test
    void onlyOneOfTwoRacingTransitionsFromTheSameStateWins() {
        CameraFleet fleet = keyedFleet(1);
        fleet.transition(0, State.KEYED, State.HELLO_SENT);
        fleet.transition(0, State.HELLO_SENT, State.REGISTER_SENT);

        assertThat(fleet.transition(0, State.REGISTER_SENT, State.REGISTERED)).isTrue();
        assertThat(fleet.transition(0, State.REGISTER_SENT, State.HELLO_SENT)).isFalse();
        assertThat(fleet.state(0)).isEqualTo(State.REGISTERED);
        assertThat(fleet.registered()).isEqualTo(1);
        assertThat(fleet.registering()).isZero();
    }

    @Test
    void aRequestCountsItsTransmissionsAndARegistrationResetsTheBackOff() {
        CameraFleet fleet = keyedFleet(2);
        fleet.startRequest(0, 42);
        assertThat(fleet.transaction(0)).isEqualTo(42);
        assertThat(fleet.nextAttempt(0)).isEqualTo(1);
        assertThat(fleet.nextAttempt(0)).isEqualTo(2);
        assertThat(fleet.nextFailure(0)).isZero();
        assertThat(fleet.nextFailure(0)).isEqualTo(1);

        fleet.storeRegistration(0, Bytes.of(new byte[16]), 20_000, 0);
        assertThat(fleet.nextFailure(0)).as("REGISTERED resets the back-off").isZero();
        assertThat(fleet.nextFailure(1)).isZero();
    }

    @Test
    void camerasKeepTheirOwnKeysIdsAndTokens() {
        CameraFleet fleet = keyedFleet(3);
        fleet.storeRegistration(
                1, Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}), 20_000, 500);

        assertThat(fleet.publicKey(2).toBytes()).containsOnly(2);
        assertThat(fleet.id(2)).isEqualTo(fleet.publicKey(2).id());
        assertThat(fleet.id(1)).isNotEqualTo(fleet.id(2));
        assertThat(fleet.token(1).toArray()).startsWith(1, 2, 3).endsWith(16);
        assertThat(fleet.token(2).toArray()).containsOnly(0);
        assertThat(fleet.dueAt(1)).isEqualTo(20_500);
        assertThat(fleet.keepaliveMillis(1)).isEqualTo(20_000);
    }

    @Test
    void theHandWrittenKeepaliveIsByteForByteWhatTheCodecWrites() {
        CameraFleet fleet = keyedFleet(2);
        Bytes token = Bytes.of(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6});
        fleet.storeRegistration(1, token, 20_000, 0);
        ByteBuffer out = ByteBuffer.allocate(CameraFleet.KEEPALIVE_BYTES);

        fleet.writeKeepalive(1, 0x1234_5678_9abc_def0L, out);

        byte[] written = new byte[out.remaining()];
        out.get(written);
        assertThat(written).isEqualTo(CloudCodec.encode(new Keepalive(0x1234_5678_9abc_def0L, fleet.id(1), token)));
    }

    @Test
    void theInPlaceKeepaliveAckReaderReadsWhatTheCodecWrites() {
        byte[] ack = CloudCodec.encode(new KeepaliveAck(0x3456_789a_bcde_f012L, 19_876));

        assertThat(KeepaliveAckReader.matches(ack, ack.length)).isTrue();
        assertThat(KeepaliveAckReader.transaction(ack)).isEqualTo(0x3456_789a_bcde_f012L);
        assertThat(KeepaliveAckReader.keepaliveMillis(ack)).isEqualTo(19_876);
        assertThat(KeepaliveAckReader.matches(ack, ack.length - 1)).isFalse();
        byte[] other = CloudCodec.encode(new ErrorReply(1, ErrorCode.NOT_REGISTERED));
        assertThat(KeepaliveAckReader.matches(other, other.length)).isFalse();
    }

    @Test
    void camerasStayOnOneSocketSpreadEvenly() {
        int[] perSocket = new int[16];
        for (int camera = 0; camera < 16_000; camera++) {
            perSocket[SocketPlan.shared(16).socketOf(camera)]++;
        }
        assertThat(perSocket).containsOnly(1000);
        assertThat(SocketPlan.shared(16).socketOf(12_345))
                .isEqualTo(SocketPlan.shared(16).socketOf(12_345));
    }
}
