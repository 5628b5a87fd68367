package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerEvent;
import io.p2pcam.protocol.session.SessionEvent;
import java.util.Optional;

/**
 * One snapshot of a supervised connection: its state, the path once live, what went wrong in
 * words, when the next automatic attempt is due, and whether the viewer shows the camera's
 * sub-stream because the path drops the main stream.
 *
 * @param path the path media takes while {@link ConnectionState#LIVE}, else null
 * @param detail for people: the failure's message, or empty
 * @param retryAtMillis when the supervisor tries again on its own ({@link System#currentTimeMillis()}
 *     clock), or 0 when it waits for the user
 * @param attempt how many attempts were made since the last success or manual retry, from 1
 * @param noCloud whether this connection reached the camera on the LAN with no cloud (§10.8)
 * @param subStreamUntilMillis while live on the sub-stream because the main stream kept breaking on
 *     this path (decision 0042): when the viewer tries the main stream again ({@link
 *     System#currentTimeMillis()} clock); 0 otherwise
 */
public record ConnectionStatus(
        ConnectionState state,
        SessionEvent.PathKind path,
        String detail,
        long retryAtMillis,
        int attempt,
        boolean noCloud,
        long subStreamUntilMillis) {

    public ConnectionStatus(
            ConnectionState state,
            SessionEvent.PathKind path,
            String detail,
            long retryAtMillis,
            int attempt,
            boolean noCloud) {
        this(state, path, detail, retryAtMillis, attempt, noCloud, 0);
    }

    public ConnectionStatus(
            ConnectionState state, SessionEvent.PathKind path, String detail, long retryAtMillis, int attempt) {
        this(state, path, detail, retryAtMillis, attempt, false);
    }

    public static ConnectionStatus starting(int attempt) {
        return new ConnectionStatus(ConnectionState.LOOKING_UP, null, "", 0, attempt);
    }

    public ConnectionStatus with(ConnectionState next) {
        return new ConnectionStatus(next, null, "", 0, attempt);
    }

    /** The same live status on another path (relay → direct upgrade, or back): a fallback goes on. */
    public ConnectionStatus onPath(SessionEvent.PathKind next) {
        return new ConnectionStatus(state, next, detail, retryAtMillis, attempt, noCloud, subStreamUntilMillis);
    }

    /**
     * The same live status after the viewer fell back to the sub-stream for the fallback's hold, or
     * returned from it ({@code fallback.onSub()} false), at {@code nowMillis}; unchanged unless live.
     */
    public ConnectionStatus after(ViewerEvent.StreamFallback fallback, long nowMillis) {
        if (state != ConnectionState.LIVE) {
            return this;
        }
        long until = fallback.onSub() ? nowMillis + fallback.holdMillis() : 0;
        return new ConnectionStatus(state, path, detail, retryAtMillis, attempt, noCloud, until);
    }

    /** Whether the viewer shows the sub-stream because this path drops the main stream. */
    public boolean onSubStream() {
        return subStreamUntilMillis > 0;
    }

    /** The path in the words of the tile: "LAN", "LAN (no cloud)", "P2P" or "relay". */
    public Optional<String> pathLabel() {
        if (path == null) {
            return Optional.empty();
        }
        return Optional.of(
                switch (path) {
                    case LAN -> noCloud ? "LAN (no cloud)" : "LAN";
                    case DIRECT -> "P2P";
                    case RELAY -> "relay";
                });
    }

    /** Whether the supervisor will try again by itself. */
    public boolean retryScheduled() {
        return retryAtMillis > 0;
    }
}
