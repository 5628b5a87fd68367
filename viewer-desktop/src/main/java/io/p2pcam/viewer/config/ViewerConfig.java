package io.p2pcam.viewer.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the viewer remembers between runs: the cameras in the user's order, the cloud
 * choice and the grid layout. Immutable; change it with the {@code with…} methods and save.
 *
 * @param gridSize tiles per page: 1, 4, 9 or 16
 */
public record ViewerConfig(List<CameraEntry> cameras, CloudChoice cloud, int gridSize) {
    public static final List<Integer> GRID_SIZES = List.of(1, 4, 9, 16);

    public ViewerConfig {
        cameras = List.copyOf(cameras);
        if (!GRID_SIZES.contains(gridSize)) {
            gridSize = 4;
        }
    }

    public static ViewerConfig empty() {
        return new ViewerConfig(List.of(), CloudChoice.defaults(), 4);
    }

    public ViewerConfig withCameras(List<CameraEntry> newCameras) {
        return new ViewerConfig(newCameras, cloud, gridSize);
    }

    public ViewerConfig withCloud(CloudChoice newCloud) {
        return new ViewerConfig(cameras, newCloud, gridSize);
    }

    public ViewerConfig withGridSize(int newGridSize) {
        return new ViewerConfig(cameras, cloud, newGridSize);
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
