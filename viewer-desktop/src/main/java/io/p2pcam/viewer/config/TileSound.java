package io.p2pcam.viewer.config;

/**
 * How a camera's sound plays when its tile is the selected one: muted or not, and at what volume.
 * Remembered per camera in viewer.json.
 *
 * @param volume 0 (silent) to 1 (as the camera sends it)
 */
public record TileSound(boolean muted, double volume) {
    public static final TileSound DEFAULT = new TileSound(false, 1.0);

    public TileSound {
        volume = Double.isNaN(volume) ? 1.0 : Math.clamp(volume, 0.0, 1.0);
    }
}
