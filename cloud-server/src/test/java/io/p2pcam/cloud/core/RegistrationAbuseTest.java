package io.p2pcam.cloud.core;

import static io.p2pcam.cloud.core.InMemoryNetwork.address;
import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registrations an attacker crafts: each test is an attack from issue 13 that once worked. */
class RegistrationAbuseTest {
    private final InMemoryNetwork network = new InMemoryNetwork(CloudConfig.defaults());
    private final InetSocketAddress attacker = address("198.51.100.66", 50000);

    private CloudMessage lastTo(InetSocketAddress to) {
        List<InMemoryNetwork.Delivered> delivered =
                network.toStrangers.stream().filter(d -> d.to().equals(to)).toList();
        return delivered.isEmpty() ? null : delivered.get(delivered.size() - 1).message();
    }

    private RegisterChallenge challenge(InetSocketAddress from, long transaction, CameraPublicKey key) {
        network.sendToCloud(from, CloudCodec.encode(new RegisterHello(transaction, key)));
        return (RegisterChallenge) lastTo(from);
    }

    @Test
    void aSmallOrderKeyWithATrivialSignatureDoesNotRegister() {
        // Ed25519 half: the identity point 01 00…00; signature R = identity, S = 0 verifies for any
        // message under the lax equation. The X25519 half is arbitrary.
        byte[] wire = HexFormat.of().parseHex("01" + "00".repeat(31) + "09" + "00".repeat(31));
        CameraPublicKey key = CameraPublicKey.fromBytes(wire, 0);
        RegisterChallenge challenge = challenge(attacker, 7, key);
        byte[] signature = HexFormat.of().parseHex("01" + "00".repeat(63));
        network.sendToCloud(
                attacker, CloudCodec.encode(new Register(7, key, challenge.cookie(), List.of(), Bytes.of(signature))));

        assertThat(lastTo(attacker)).isNotInstanceOf(Registered.class);
        assertThat(network.cloud.camerasOnline()).isZero();
        assertThat(network.events.drops(DropReason.BAD_SIGNATURE)).isEqualTo(1);
    }
}
