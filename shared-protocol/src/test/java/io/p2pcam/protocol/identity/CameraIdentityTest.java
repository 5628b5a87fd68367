package io.p2pcam.protocol.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CameraIdentityTest {
    private final CameraIdentity camera = CameraIdentity.generate(new SecureRandom());

    @Test
    void signaturesVerifyWithThePublicKeyOnly() {
        byte[] message = "register me".getBytes(StandardCharsets.UTF_8);
        byte[] signature = camera.sign(message, 0, message.length);
        CameraPublicKey publicKey = CameraPublicKey.fromBytes(camera.publicKey().toBytes(), 0);
        assertThat(publicKey.verify(message, 0, message.length, signature)).isTrue();
        message[0] ^= 1;
        assertThat(publicKey.verify(message, 0, message.length, signature)).isFalse();
    }

    @Test
    void garbageKeysAndSignaturesAreNotVerifiedRatherThanThrown() {
        byte[] junk = new byte[CameraPublicKey.BYTES];
        Arrays.fill(junk, (byte) 0xff);
        CameraPublicKey bogus = CameraPublicKey.fromBytes(junk, 0);
        assertThat(bogus.verify(new byte[10], 0, 10, new byte[64])).isFalse();
        assertThat(camera.publicKey().verify(new byte[10], 0, 10, new byte[3])).isFalse();
    }

    @Test
    void survivesTheStateDirectoryRoundTrip() throws Exception {
        CameraIdentity restored = CameraIdentity.fromBytes(camera.toBytes());
        assertThat(restored.id()).isEqualTo(camera.id());
        assertThat(restored.publicKey()).isEqualTo(camera.publicKey());
        byte[] message = {1, 2, 3};
        assertThat(camera.publicKey().verify(message, 0, 3, restored.sign(message, 0, 3)))
                .isTrue();
    }

    @Test
    void refusesDamagedStoredIdentity() {
        byte[] stored = camera.toBytes();
        assertThatThrownBy(() -> CameraIdentity.fromBytes(Arrays.copyOf(stored, 20)))
                .isInstanceOf(InvalidKeyException.class);
        byte[] foreign = stored.clone();
        foreign[0] = 'X';
        assertThatThrownBy(() -> CameraIdentity.fromBytes(foreign))
                .hasMessageContaining("not a p2pcam camera identity");
    }

    @Test
    void neverPrintsItsKeys() {
        assertThat(camera.toString()).isEqualTo("CameraIdentity[" + camera.id() + "]");
    }
}
