package io.p2pcam.viewer.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.viewer.config.CameraEntry;
import io.p2pcam.viewer.config.TileSound;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The grid's sound, driven directly: one tile heard at a time (the selected one), mute, volume, remembered. */
class GridSoundTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FakeConnector connector = new FakeConnector();
    private final GridModel grid = new GridModel(connector, Runnable::run, new FakeAudioDevices(false));
    private final List<Map.Entry<CameraId, TileSound>> remembered = new ArrayList<>();

    GridSoundTest() {
        grid.onSoundChanged((id, sound) -> remembered.add(Map.entry(id, sound)));
    }

    private static List<CameraEntry> cameras(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new CameraEntry(CameraIdentity.generate(RANDOM).id(), "cam" + i, Password.of("pw")))
                .toList();
    }

    private List<String> heard() {
        return grid.tiles().stream()
                .filter(tile -> tile.audibleProperty().get())
                .map(tile -> tile.camera().name())
                .toList();
    }

    @Test
    void onlyTheSelectedTileIsHeardAndPickingAnotherMovesTheSound() {
        grid.setCameras(cameras(4));
        assertThat(heard()).as("nothing picked among four").isEmpty();

        grid.selectedProperty().set(grid.tiles().get(2));
        assertThat(heard()).containsExactly("cam2");

        grid.selectedProperty().set(grid.tiles().get(0));
        assertThat(heard()).containsExactly("cam0");
        assertThat(grid.audibleTile()).map(tile -> tile.camera().name()).hasValue("cam0");
    }

    @Test
    void aCameraShownAloneOrAloneInTheListIsHeard() {
        List<CameraEntry> cameras = cameras(4);
        grid.setCameras(cameras);
        grid.showSingle(cameras.get(3).id());
        assertThat(heard()).containsExactly("cam3");

        grid.setCameras(cameras.subList(0, 1));
        assertThat(heard()).containsExactly("cam0");
    }

    @Test
    void aMutedTileIsNotHeardEvenSelectedAndItsMuteAndVolumeAreRemembered() {
        grid.setCameras(cameras(2));
        TileModel tile = grid.tiles().get(1);
        grid.selectedProperty().set(tile);

        tile.mutedProperty().set(true);
        assertThat(heard()).isEmpty();
        tile.volumeProperty().set(0.3);
        tile.mutedProperty().set(false);
        assertThat(heard()).containsExactly("cam1");

        CameraId id = tile.camera().id();
        assertThat(remembered)
                .extracting(Map.Entry::getKey, Map.Entry::getValue)
                .containsExactly(
                        tuple(id, new TileSound(true, 1.0)),
                        tuple(id, new TileSound(true, 0.3)),
                        tuple(id, new TileSound(false, 0.3)));
    }

    @Test
    void aTileComesOnScreenWithItsRememberedSound() {
        List<CameraEntry> cameras = cameras(1);
        grid.soundSettings(id -> id.equals(cameras.getFirst().id()) ? new TileSound(true, 0.4) : TileSound.DEFAULT);

        grid.setCameras(cameras);

        TileModel tile = grid.tiles().getFirst();
        assertThat(tile.mutedProperty().get()).isTrue();
        assertThat(tile.volumeProperty().get()).isEqualTo(0.4);
        assertThat(heard()).as("the only camera, but muted").isEmpty();
    }
}
