package io.p2pcam.protocol.recovery;

/**
 * How many bytes one viewer's NACKs may have sent again (docs/PROTOCOL.md §10.6), sans I/O: a
 * byte bucket that earns the media bitrate and holds {@link #WINDOW_MILLIS} of it, as libwebrtc's
 * retransmission rate limiter (retransmissions at most the target bitrate over a one-second
 * window). Retransmissions go ahead of new media in the viewer's {@link Pacer}, which lets out
 * {@link Pacer#PACING_FACTOR} times the bitrate: without this bound a viewer that NACKs the whole
 * history without pause keeps the pacer busy with old packets, its new media never leaves and piles
 * up at the camera. Within it, new media keeps at least the rest of the pacing rate.
 *
 * <p>A bitrate of 0 (unpaced) puts no bound. Not thread-safe.
 */
final class RetransmissionBudget {
    /** The budget holds this much of the media bitrate: a loss burst this long is resent at once. */
    static final long WINDOW_MILLIS = 1_000;

    private long bitsPerSecond;
    private double bytes;
    private long refilledAt;

    RetransmissionBudget(long now) {
        this.refilledAt = now;
    }

    /** The bitrate the budget earns (0: no bound); a full bucket at the new rate if it was unbounded. */
    void setMediaBitrate(long bitsPerSecond) {
        if (this.bitsPerSecond == 0) {
            bytes = capacity(bitsPerSecond);
        }
        this.bitsPerSecond = Math.max(0, bitsPerSecond);
        bytes = Math.min(bytes, capacity(this.bitsPerSecond));
    }

    /** Takes {@code length} bytes if the budget holds them now; whether it did. */
    boolean tryTake(int length, long now) {
        if (bitsPerSecond == 0) {
            return true;
        }
        if (now > refilledAt) {
            bytes = Math.min(capacity(bitsPerSecond), bytes + (now - refilledAt) * bitsPerSecond / 8_000.0);
            refilledAt = now;
        }
        if (bytes < length) {
            return false;
        }
        bytes -= length;
        return true;
    }

    private static double capacity(long bitsPerSecond) {
        return Math.max(0, bitsPerSecond) / 8.0 * WINDOW_MILLIS / 1000;
    }
}
