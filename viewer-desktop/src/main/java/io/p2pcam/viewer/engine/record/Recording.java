package io.p2pcam.viewer.engine.record;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished, playable MP4 recording.
 *
 * @param file where it is
 * @param frames how many access units it holds, the first a keyframe
 * @param duration its length: the span of its timestamps plus the last frame's duration
 */
public record Recording(Path file, long frames, Duration duration) {}
