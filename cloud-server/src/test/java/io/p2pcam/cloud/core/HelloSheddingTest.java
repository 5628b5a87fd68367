package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class HelloSheddingTest {
    private static final CameraIdentity CAMERA = CameraIdentity.generate(new SecureRandom());
    private static final byte[] HELLO = CloudCodec.encode(new RegisterHello(1, CAMERA.publicKey()));
    private static final byte[] RESUME = CloudCodec.encode(new Resume(
            2,
            CAMERA.publicKey(),
            Bytes.of(new byte[CloudCodec.COOKIE_BYTES]),
            Bytes.of(new byte[ResumeGrant.TICKET_BYTES]),
            Bytes.of(new byte[ResumeGrant.PROOF_BYTES])));
    private static final byte[] REGISTER = CloudCodec.encode(new Register(
            3,
            CAMERA.publicKey(),
            Bytes.of(new byte[CloudCodec.COOKIE_BYTES]),
            List.of(),
            Bytes.of(new byte[CloudCodec.SIGNATURE_BYTES])));
    private static final byte[] KEEPALIVE =
            CloudCodec.encode(new Keepalive(4, CAMERA.id(), Bytes.of(new byte[CloudCodec.TOKEN_BYTES])));

    private final HelloShedding shedding = new HelloShedding(128, 1_000);

    @Test
    void aLoopThatEmptiesItsSocketShedsNothing() {
        for (long now = 1_000; now < 3_000; now += 10) {
            shedding.wakeUpDone(127, now);
        }

        assertThat(shedding.behind()).isFalse();
        assertThat(shedding.sheds(HELLO, HELLO.length)).isFalse();
    }

    @Test
    void fullWakeUpsForAMomentOnlyAreNotBehind() {
        shedding.wakeUpDone(128, 1_100);
        shedding.wakeUpDone(128, 1_199);

        assertThat(shedding.behind()).isFalse();
    }

    @Test
    void afterTheSocketWentUnemptiedForTheThresholdOnlyHellosAreShed() {
        for (long now = 1_000; now <= 1_000 + HelloShedding.BEHIND_MILLIS; now += 10) {
            shedding.wakeUpDone(128, now);
        }

        assertThat(shedding.behind()).isTrue();
        assertThat(shedding.sheds(HELLO, HELLO.length)).isTrue();
        assertThat(shedding.sheds(RESUME, RESUME.length)).isFalse();
        assertThat(shedding.sheds(REGISTER, REGISTER.length)).isFalse();
        assertThat(shedding.sheds(KEEPALIVE, KEEPALIVE.length)).isFalse();
    }

    @Test
    void oneWakeUpThatEmptiesTheSocketEndsTheShedding() {
        shedding.wakeUpDone(128, 1_000 + HelloShedding.BEHIND_MILLIS);
        assertThat(shedding.behind()).isTrue();

        shedding.wakeUpDone(3, 1_000 + HelloShedding.BEHIND_MILLIS + 5);

        assertThat(shedding.sheds(HELLO, HELLO.length)).isFalse();
    }

    @Test
    void garbageThatLooksLikeAHelloOnlyInItsTypeByteIsLeftToTheDecoder() {
        shedding.wakeUpDone(128, 1_000 + HelloShedding.BEHIND_MILLIS);
        byte[] badMagic = HELLO.clone();
        badMagic[0] ^= 0x55;

        assertThat(shedding.sheds(badMagic, badMagic.length)).isFalse();
        assertThat(shedding.sheds(HELLO, 3)).isFalse();
    }
}
