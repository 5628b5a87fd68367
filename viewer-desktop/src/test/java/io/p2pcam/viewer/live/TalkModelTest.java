package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Hold-to-talk, driven directly: what it talks to, what it says when it cannot, the meter, the release. */
class TalkModelTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeConnector connector = new FakeConnector();
    private final GridModel grid = new GridModel(connector, Runnable::run);
    private final List<String> notices = new ArrayList<>();

    private TalkModel talk(FakeAudioDevices devices) {
        TalkModel talk = new TalkModel(grid, devices, RANDOM);
        talk.onNotice(notices::add);
        return talk;
    }

    private void cameras(int count) {
        grid.setCameras(IntStream.range(0, count)
                .mapToObj(i -> new CameraEntry(CameraIdentity.generate(RANDOM).id(), "cam" + i, Password.of("pw")))
                .toList());
    }

    @Test
    void withSeveralCamerasAndNonePickedTalkingSaysToPickOneAndOpensNoMicrophone() {
        FakeAudioDevices devices = new FakeAudioDevices(true);
        TalkModel talk = talk(devices);
        cameras(2);

        talk.startTalking();

        assertThat(talk.talkingProperty().get()).isFalse();
        assertThat(notices).containsExactly("Click a camera first, then hold Talk");
        assertThat(devices.microphonesOpened).hasValue(0);
    }

    @Test
    void aCameraThatIsNotLiveCannotBeTalkedTo() {
        FakeAudioDevices devices = new FakeAudioDevices(true);
        TalkModel talk = talk(devices);
        cameras(1);

        talk.startTalking();

        assertThat(talk.talkingProperty().get()).isFalse();
        assertThat(notices).containsExactly("cam0 is not live: there is nobody to talk to");
        assertThat(devices.microphonesOpened).hasValue(0);
    }

    @Test
    void withoutAMicrophoneTheUserIsToldInOneLine() {
        TalkModel talk = talk(new FakeAudioDevices(false));
        cameras(1);
        connector.last().becomes(ConnectionState.LIVE);

        talk.startTalking();

        assertThat(talk.talkingProperty().get()).isFalse();
        assertThat(notices).containsExactly("No microphone: talking to a camera needs a sound input device");
    }

    @Test
    void holdingTalkOpensTheMicrophoneOnceMetersItAndReleasingClosesIt() {
        FakeAudioDevices devices = new FakeAudioDevices(true);
        TalkModel talk = talk(devices);
        cameras(2);
        connector.connects().get(1).becomes(ConnectionState.LIVE);
        grid.selectedProperty().set(grid.tiles().get(1));

        talk.startTalking();
        talk.startTalking(); // the key repeats while held
        devices.microphone.say((short) 16_384); // -6 dBFS
        Eventually.await("a frame is encoded", Duration.ofSeconds(10), () -> talk.framesSent() == 1);
        talk.refreshLevel();

        assertThat(devices.microphonesOpened).hasValue(1);
        assertThat(talk.talkingProperty().get()).isTrue();
        assertThat(talk.talkingToProperty().get()).isSameAs(grid.tiles().get(1));
        assertThat(talk.levelProperty().get()).isCloseTo(0.9, offset(0.01));

        talk.stopTalking();

        assertThat(talk.talkingProperty().get()).isFalse();
        assertThat(talk.levelProperty().get()).isZero();
        Eventually.await("the microphone is closed", Duration.ofSeconds(5), () -> devices.microphone.closed);
        assertThat(notices).isEmpty();
    }

    @Test
    void talkingStopsWhenTheCameraIsNoLongerLive() {
        FakeAudioDevices devices = new FakeAudioDevices(true);
        TalkModel talk = talk(devices);
        cameras(1);
        connector.last().becomes(ConnectionState.LIVE);
        talk.startTalking();

        connector.last().becomes(ConnectionState.UNREACHABLE);
        talk.refreshLevel();

        assertThat(talk.talkingProperty().get()).isFalse();
        Eventually.await("the microphone is closed", Duration.ofSeconds(5), () -> devices.microphone.closed);
    }

    @Test
    void aCameraThatRefusesOurTalkSaysWhoHoldsTheFloorUntilItStopsRefusing() {
        FakeAudioDevices devices = new FakeAudioDevices(true);
        long[] now = {0};
        TalkModel talk = new TalkModel(grid, devices, RANDOM, () -> now[0]);
        talk.onNotice(notices::add);
        cameras(1);
        connector.last().becomes(ConnectionState.LIVE);
        connector.last().listener().talkRefused("Bob", false); // before we talk: nothing to say
        talk.startTalking();

        connector.last().listener().talkRefused("Alice's laptop", false);
        now[0] += TimeUnit.MILLISECONDS.toNanos(250);
        connector.last().listener().talkRefused("Alice's laptop", false); // every 250 ms while we talk
        talk.refreshLevel();

        assertThat(talk.talkingProperty().get()).isTrue();
        assertThat(talk.floorHeldByProperty().get()).isEqualTo("Alice's laptop");
        assertThat(notices).containsExactly("Alice's laptop is talking to cam0: you are not heard until they stop");

        now[0] += TalkModel.REFUSAL_GONE_NANOS + 1; // no word for a second: Alice stopped
        talk.refreshLevel();

        assertThat(talk.floorHeldByProperty().get()).isNull();
        talk.stopTalking();
    }

    @Test
    void theCamerasOwnerTakingTheTalkOverIsSaidSoNotAsAnotherTalker() {
        FakeAudioDevices devices = new FakeAudioDevices(true);
        TalkModel talk = talk(devices);
        cameras(1);
        connector.last().becomes(ConnectionState.LIVE);
        talk.startTalking();

        connector.last().listener().talkRefused("Owner's phone", true);

        assertThat(talk.floorHeldByProperty().get()).isEqualTo("Owner's phone");
        assertThat(talk.floorNoticeProperty().get())
                .isEqualTo("Owner's phone, the camera's owner, took over the talk: you are not heard");
        assertThat(notices)
                .containsExactly(
                        "Owner's phone, the camera's owner, took over the talk to cam0: you are not heard until they stop");
        talk.stopTalking();
        assertThat(talk.floorNoticeProperty().get()).isNull();
    }

    @Test
    void aRefusalThatNamesNobodySaysAnotherViewerAndEndsWithTheTalk() {
        FakeAudioDevices devices = new FakeAudioDevices(true);
        TalkModel talk = talk(devices);
        cameras(1);
        connector.last().becomes(ConnectionState.LIVE);
        talk.startTalking();

        connector.last().listener().talkRefused("", false);

        assertThat(talk.floorHeldByProperty().get()).isEqualTo("another viewer");
        assertThat(notices).containsExactly("another viewer is talking to cam0: you are not heard until they stop");
        talk.stopTalking();
        assertThat(talk.floorHeldByProperty().get()).isNull();
    }
}
