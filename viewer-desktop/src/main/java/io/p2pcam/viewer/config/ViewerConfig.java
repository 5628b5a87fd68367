package io.p2pcam.viewer.config;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.viewer.engine.decode.HwAccel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the viewer remembers between runs: the cameras in the user's order, the cloud
 * choice, the grid layout, each camera's sound (mute, volume) and the hardware decoding choice.
 * Immutable; change it with the {@code with…} methods and save.
 *
 * @param gridSize tiles per page: 1, 4, 9 or 16
 * @param sound each camera's sound setting; cameras not in it have {@link TileSound#DEFAULT}
 * @param hwaccel hardware decoding for connections (as {@code --hwaccel}: auto, off or a device type)
 */
public record ViewerConfig(
        List<CameraEntry> cameras, CloudChoice cloud, int gridSize, Map<CameraId, TileSound> sound, HwAccel hwaccel) {
    public static final List<Integer> GRID_SIZES = List.of(1, 4, 9, 16);

    public ViewerConfig {
        cameras = List.copyOf(cameras);
        if (!GRID_SIZES.contains(gridSize)) {
            gridSize = 4;
        }
        sound = Map.copyOf(sound);
        Objects.requireNonNull(hwaccel);
    }

    public ViewerConfig(List<CameraEntry> cameras, CloudChoice cloud, int gridSize, Map<CameraId, TileSound> sound) {
        this(cameras, cloud, gridSize, sound, HwAccel.AUTO);
    }

    public ViewerConfig(List<CameraEntry> cameras, CloudChoice cloud, int gridSize) {
        this(cameras, cloud, gridSize, Map.of());
    }

    /** The sound setting of camera {@code id}. */
    public TileSound sound(CameraId id) {
        return sound.getOrDefault(id, TileSound.DEFAULT);
    }

    public ViewerConfig withSound(CameraId id, TileSound setting) {
        Map<CameraId, TileSound> next = new HashMap<>(sound);
        next.put(id, setting);
        return new ViewerConfig(cameras, cloud, gridSize, next, hwaccel);
    }

    public static ViewerConfig empty() {
        return new ViewerConfig(List.of(), CloudChoice.defaults(), 4);
    }

    public ViewerConfig withCameras(List<CameraEntry> newCameras) {
        return new ViewerConfig(newCameras, cloud, gridSize, sound, hwaccel);
    }

    public ViewerConfig withCloud(CloudChoice newCloud) {
        return new ViewerConfig(cameras, newCloud, gridSize, sound, hwaccel);
    }

    public ViewerConfig withGridSize(int newGridSize) {
        return new ViewerConfig(cameras, cloud, newGridSize, sound, hwaccel);
    }

    public ViewerConfig withHwaccel(HwAccel newHwaccel) {
        return new ViewerConfig(cameras, cloud, gridSize, sound, newHwaccel);
    }

    /** The list with {@code entry} in place of the camera with its ID, or added at the end. */
    public ViewerConfig withCamera(CameraEntry entry) {
        List<CameraEntry> next = new ArrayList<>(cameras);
        for (int i = 0; i < next.size(); i++) {
            if (next.get(i).id().equals(entry.id())) {
                next.set(i, entry);
                return withCameras(next);
            }
        }
        next.add(entry);
        return withCameras(next);
    }
}
