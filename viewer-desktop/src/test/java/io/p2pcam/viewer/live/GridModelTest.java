package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.testing.Eventually;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.engine.connection.ConnectionState;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The live view's model, driven directly: paging, showing one camera alone, picking, reconnecting. */
class GridModelTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeConnector connector = new FakeConnector();
    private final GridModel grid = new GridModel(connector, Runnable::run);
    private final List<TileModel> closing = new ArrayList<>();

    GridModelTest() {
        grid.onTileClosing(closing::add);
    }

    private static List<CameraEntry> cameras(int count) {
        return IntStream.range(0, count)
                .mapToObj(i ->
                        new CameraEntry(CameraIdentity.generate(RANDOM).id(), "cam" + i, Password.of("secret-" + i)))
                .toList();
    }

    private List<String> onScreen() {
        return grid.tiles().stream().map(tile -> tile.camera().name()).toList();
    }

    @Test
    void onlyTheCamerasOfTheCurrentPageAreConnected() {
        grid.setCameras(cameras(6));

        assertThat(onScreen()).containsExactly("cam0", "cam1", "cam2", "cam3");
        assertThat(connector.connectedNames()).containsExactly("cam0", "cam1", "cam2", "cam3");
        assertThat(grid.pageCountProperty().get()).isEqualTo(2);
        assertThat(grid.slotsProperty().get()).isEqualTo(4);
    }

    @Test
    void turningThePageClosesTheTilesThatLeaveAndConnectsTheOnesThatCome() {
        grid.setCameras(cameras(6));

        grid.nextPage();

        assertThat(onScreen()).containsExactly("cam4", "cam5");
        assertThat(closing).extracting(tile -> tile.camera().name()).containsExactly("cam0", "cam1", "cam2", "cam3");
        Eventually.await(
                "the first page's connections stop",
                Duration.ofSeconds(5),
                () -> connector.connects().stream().limit(4).allMatch(FakeConnector.Connect::closed));
        assertThat(grid.hasNextPage()).isFalse();
        grid.nextPage();
        assertThat(grid.pageProperty().get()).isEqualTo(1);
        grid.previousPage();
        assertThat(onScreen()).containsExactly("cam0", "cam1", "cam2", "cam3");
    }

    @Test
    void aSmallerListPullsThePageBackToTheLastOneThatExists() {
        List<CameraEntry> six = cameras(6);
        grid.setCameras(six);
        grid.nextPage();

        grid.setCameras(six.subList(0, 3));

        assertThat(grid.pageProperty().get()).isZero();
        assertThat(grid.pageCountProperty().get()).isEqualTo(1);
        assertThat(onScreen()).containsExactly("cam0", "cam1", "cam2");
    }

    @Test
    void aDoubleClickShowsTheCameraAloneKeepingItsConnectionAndAnotherGoesBackToTheGrid() {
        List<CameraEntry> four = cameras(4);
        grid.setCameras(four);
        TileModel second = grid.tiles().get(1);

        grid.toggleSingle(four.get(1).id());

        assertThat(grid.tiles()).containsExactly(second);
        assertThat(grid.slotsProperty().get()).isEqualTo(1);
        assertThat(connector.connects()).hasSize(4);
        grid.toggleSingle(four.get(1).id());
        assertThat(onScreen()).containsExactly("cam0", "cam1", "cam2", "cam3");
        assertThat(grid.tiles().get(1)).isSameAs(second);
        assertThat(connector.connects()).hasSize(7);
    }

    @Test
    void removingTheCameraShownAloneGoesBackToTheGrid() {
        List<CameraEntry> three = cameras(3);
        grid.setCameras(three);
        grid.showSingle(three.get(2).id());

        grid.setCameras(three.subList(0, 2));

        assertThat(grid.singleProperty().get()).isNull();
        assertThat(onScreen()).containsExactly("cam0", "cam1");
    }

    @Test
    void aLayoutChoiceLeavesTheSingleViewAndStartsAtTheFirstPage() {
        List<CameraEntry> twenty = cameras(20);
        grid.setCameras(twenty);
        grid.nextPage();
        grid.showSingle(twenty.get(5).id());

        grid.showGrid(16);

        assertThat(grid.singleProperty().get()).isNull();
        assertThat(grid.pageProperty().get()).isZero();
        assertThat(grid.tiles()).hasSize(16);
        assertThat(grid.slotsProperty().get()).isEqualTo(16);
        assertThatThrownBy(() -> grid.showGrid(5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void actionsTargetTheCameraAloneThenTheOneClickedThenTheOnlyOne() {
        List<CameraEntry> two = cameras(2);
        grid.setCameras(two);
        assertThat(grid.target()).isEmpty();

        grid.selectedProperty().set(grid.tiles().get(0));
        assertThat(grid.target()).containsSame(grid.tiles().get(0));

        grid.showSingle(two.get(1).id());
        assertThat(grid.target().orElseThrow().camera().name()).isEqualTo("cam1");

        grid.setCameras(two.subList(0, 1));
        assertThat(grid.target().orElseThrow().camera().name()).isEqualTo("cam0");
    }

    @Test
    void aTileThatLeavesTheScreenIsNoLongerTheOneClicked() {
        grid.setCameras(cameras(5));
        grid.selectedProperty().set(grid.tiles().get(0));

        grid.nextPage();

        assertThat(grid.selectedProperty().get()).isNull();
    }

    @Test
    void aChangedPasswordOrNameConnectsAnewButAForgottenPasswordKeepsTheConnection() {
        CameraEntry camera = cameras(1).getFirst();
        grid.setCameras(List.of(camera));
        TileModel first = grid.tiles().getFirst();

        grid.setCameras(List.of(camera.withoutPassword()));
        assertThat(grid.tiles().getFirst()).isSameAs(first);
        assertThat(connector.connects()).hasSize(1);

        grid.setCameras(List.of(new CameraEntry(camera.id(), "cam0", Password.of("another-password"))));
        assertThat(grid.tiles().getFirst()).isNotSameAs(first);
        assertThat(closing).containsExactly(first);

        grid.setCameras(List.of(new CameraEntry(camera.id(), "front door", Password.of("another-password"))));
        assertThat(connector.connectedNames()).containsExactly("cam0", "cam0", "front door");
    }

    @Test
    void reconnectingAllClosesEveryTileAndConnectsEachCameraAgain() {
        grid.setCameras(cameras(2));

        grid.reconnectAll();

        assertThat(closing).hasSize(2);
        assertThat(connector.connectedNames()).containsExactly("cam0", "cam1", "cam0", "cam1");
    }

    @Test
    void theLiveCountFollowsWhatTheConnectionsSay() {
        grid.setCameras(cameras(3));

        connector.connects().get(0).becomes(ConnectionState.LIVE);
        connector.connects().get(2).becomes(ConnectionState.LIVE);
        connector.connects().get(2).becomes(ConnectionState.OFFLINE);

        assertThat(grid.liveCount()).isEqualTo(1);
    }

    @Test
    void closingEveryTileStopsEveryConnection() throws Exception {
        grid.setCameras(cameras(4));

        grid.closeAll().get();

        assertThat(grid.tiles()).isEmpty();
        assertThat(connector.connects()).allMatch(FakeConnector.Connect::closed);
    }
}
