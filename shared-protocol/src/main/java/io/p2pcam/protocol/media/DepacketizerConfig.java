package io.p2pcam.protocol.media;

/**
 * Bounds of {@link H264Depacketizer}.
 *
 * @param reorderWindow how many packets may arrive ahead of a missing one before it is given up
 *     as lost; 0 treats every gap as loss at once. Larger windows tolerate more reordering but
 *     report loss later.
 * @param maxAccessUnitSize largest access unit in bytes (Annex B form); larger ones are reported
 *     as {@link DepacketizerEvent.LossReason#TOO_LARGE} instead of being buffered
 */
public record DepacketizerConfig(int reorderWindow, int maxAccessUnitSize) {

    /** More than this many held packets would mean a broken path, not reordering. */
    public static final int MAX_REORDER_WINDOW = 64;

    /** Window of 4 packets, access units up to 4 MiB. */
    public static final DepacketizerConfig DEFAULTS = new DepacketizerConfig(4, 4 << 20);

    public DepacketizerConfig {
        if (reorderWindow < 0 || reorderWindow > MAX_REORDER_WINDOW) {
            throw new IllegalArgumentException(
                    "reorderWindow out of range 0.." + MAX_REORDER_WINDOW + ": " + reorderWindow);
        }
        if (maxAccessUnitSize < 1) {
            throw new IllegalArgumentException("maxAccessUnitSize must be positive: " + maxAccessUnitSize);
        }
    }
}
