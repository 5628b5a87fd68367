package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.session.SessionEvent;
import java.util.Optional;

/**
 * One snapshot of a supervised connection: its state, the path once live, what went wrong in
 * words, and when the next automatic attempt is due.
 *
 * @param path the path media takes while {@link ConnectionState#LIVE}, else null
 * @param detail for people: the failure's message, or empty
 * @param retryAtMillis when the supervisor tries again on its own ({@link System#currentTimeMillis()}
 *     clock), or 0 when it waits for the user
 * @param attempt how many attempts were made since the last success or manual retry, from 1
 * @param noCloud whether this connection reached the camera on the LAN with no cloud (§10.8)
 */
public record ConnectionStatus(
        ConnectionState state,
        SessionEvent.PathKind path,
        String detail,
        long retryAtMillis,
        int attempt,
        boolean noCloud) {

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
