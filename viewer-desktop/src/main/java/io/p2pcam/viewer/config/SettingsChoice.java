package io.p2pcam.viewer.config;

import io.p2pcam.viewer.engine.decode.HwAccel;
import java.util.Objects;

/**
 * What the settings dialog hands back.
 *
 * @param cloud where the viewer looks up cameras
 * @param hwaccel hardware decoding for connections made from now on
 */
public record SettingsChoice(CloudChoice cloud, HwAccel hwaccel) {
    public SettingsChoice {
        Objects.requireNonNull(cloud);
        Objects.requireNonNull(hwaccel);
    }
}
