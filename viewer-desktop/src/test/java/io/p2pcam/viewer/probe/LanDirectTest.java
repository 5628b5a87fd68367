package io.p2pcam.viewer.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.testing.Addresses;
import io.p2pcam.runtime.LanBrowser.ConnectFailure;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * LanFloodLabTest's finding: `probe --lan` connected to the one instance the browser chose, a
 * forger's claim of the ID, and waited there to its --timeout. Now each instance announcing the ID
 * is tried in turn, what each failure says told back to the browser, until the camera answers.
 */
class LanDirectTest {
    private static final CameraId PORCH =
            CameraIdentity.generate(new SecureRandom()).id();
    private static final InetSocketAddress CLAIM = Addresses.address("198.18.0.14", 40_000);
    private static final InetSocketAddress SILENT_CLAIM = Addresses.address("198.18.0.15", 40_000);
    private static final InetSocketAddress CAMERA = Addresses.address("198.18.0.3", 40_001);
    /** Long enough for nothing in these tests: a silent address never answers. */
    private static final Duration SILENCE = Duration.ofMillis(1);

    private static final CameraWelcome WELCOME =
            new CameraWelcome(Verdict.ADMITTED, true, 9, 320, 240, 15, 0, List.of());

    private final Announcements lan = new Announcements();
    private final Map<InetSocketAddress, ViewerEvent> answers = new HashMap<>();
    private final List<Connection> opened = new ArrayList<>();

    private LanDirect.Tried<Connection> connect(long deadline) throws Exception {
        return LanDirect.connect(
                lan,
                PORCH,
                lan.next(PORCH),
                deadline,
                SILENCE,
                () -> new Milestones(1, true),
                (address, milestones) -> {
                    Connection connection = new Connection(address);
                    opened.add(connection);
                    ViewerEvent answer = answers.get(address);
                    if (answer != null) {
                        milestones.listener(new ProbeStats(1)).event(answer);
                    }
                    return connection;
                });
    }

    private static long farAway() {
        return System.nanoTime() + Duration.ofMinutes(1).toNanos();
    }

    @Test
    void theInstancesClaimingTheIdAreTriedInTurnUntilTheCameraAnswers() throws Exception {
        lan.announce(CLAIM, SILENT_CLAIM, CAMERA); // the claims chosen first
        answers.put(CLAIM, new ViewerEvent.Failed(ViewerFailure.HANDSHAKE_FAILED, "not the camera's key"));
        answers.put(CAMERA, new ViewerEvent.KeyVerified(0));

        LanDirect.Tried<Connection> tried = connect(farAway());

        assertThat(tried.connection().address).isEqualTo(CAMERA);
        assertThat(tried.milestones().keyVerified).isNotNull();
        assertThat(opened).extracting(connection -> connection.address).containsExactly(CLAIM, SILENT_CLAIM, CAMERA);
        assertThat(opened.subList(0, 2)).as("the failed attempts closed").allMatch(connection -> connection.closed);
        assertThat(tried.connection().closed).isFalse();
        assertThat(lan.told)
                .containsExactly(
                        Map.entry(CLAIM, ConnectFailure.NOT_THE_CAMERA),
                        Map.entry(SILENT_CLAIM, ConnectFailure.NO_ANSWER));
    }

    /**
     * The browser chooses and keeps an instance that proved itself before any other claiming its ID
     * (0063); the tiles tell it when the camera admits them, `probe` did not (0072's amendment).
     */
    @Test
    void theCameraAdmittingUsAtAnInstanceIsToldToTheBrowserAsProvedThere() throws Exception {
        lan.announce(CLAIM, CAMERA);
        answers.put(CLAIM, new ViewerEvent.Failed(ViewerFailure.HANDSHAKE_FAILED, "not the camera's key"));
        answers.put(CAMERA, new ViewerEvent.KeyVerified(0));

        LanDirect.Tried<Connection> tried = connect(farAway());
        assertThat(lan.proved)
                .as("its key alone proves nothing: anyone can send it")
                .isEmpty();

        tried.milestones().listener(new ProbeStats(1)).event(new ViewerEvent.Admitted(5, WELCOME));

        assertThat(lan.proved).containsExactly(CAMERA);
    }

    @Test
    void anAttemptRunToTheDeadlineIsToldAsProvedWhenTheCameraAdmittedUsBeforeItReturned() throws Exception {
        lan.announce(CAMERA);
        answers.put(CAMERA, new ViewerEvent.Admitted(5, WELCOME));

        connect(System.nanoTime());

        assertThat(lan.proved).containsExactly(CAMERA);
    }

    @Test
    void theCameraRefusingUsThereIsKeptNotTriedElsewhere() throws Exception {
        lan.announce(CAMERA, CLAIM);
        answers.put(CAMERA, new ViewerEvent.Failed(ViewerFailure.AUTH_FAILED, "wrong password"));

        LanDirect.Tried<Connection> tried = connect(farAway());

        assertThat(tried.connection().address).isEqualTo(CAMERA);
        assertThat(tried.milestones().failure().failure()).isEqualTo(ViewerFailure.AUTH_FAILED);
        assertThat(lan.told).as("the address is right").isEmpty();
        assertThat(lan.proved).as("but not proved: it did not admit us").isEmpty();
    }

    @Test
    void nearTheDeadlineTheAttemptRunsToItAndWhenNoInstanceIsLeftNoneIsKept() throws Exception {
        lan.announce(SILENT_CLAIM);
        assertThat(connect(System.nanoTime()).connection().address).isEqualTo(SILENT_CLAIM);

        assertThat(connect(farAway())).as("its one instance did not answer").isNull();
        assertThat(lan.told).containsExactly(Map.entry(SILENT_CLAIM, ConnectFailure.NO_ANSWER));
    }

    /** The instances announcing the ID, chosen in order; one that failed is not chosen again here. */
    private static final class Announcements implements LanDirect.Announced {
        private final List<InetSocketAddress> instances = new ArrayList<>();
        final Map<InetSocketAddress, ConnectFailure> told = new LinkedHashMap<>();
        final List<InetSocketAddress> proved = new ArrayList<>();

        void announce(InetSocketAddress... addresses) {
            instances.addAll(List.of(addresses));
        }

        @Override
        public InetSocketAddress next(CameraId id) {
            return instances.stream()
                    .filter(address -> !told.containsKey(address))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public void failed(CameraId id, InetSocketAddress address, ConnectFailure failure) {
            told.put(address, failure);
        }

        @Override
        public void proved(CameraId id, InetSocketAddress address) {
            assertThat(id).isEqualTo(PORCH);
            proved.add(address);
        }
    }

    private static final class Connection implements AutoCloseable {
        final InetSocketAddress address;
        boolean closed;

        Connection(InetSocketAddress address) {
            this.address = address;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
