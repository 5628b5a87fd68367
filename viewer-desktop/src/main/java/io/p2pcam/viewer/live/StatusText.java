package io.p2pcam.viewer.live;

import io.p2pcam.viewer.engine.connection.ConnectionState;
import io.p2pcam.viewer.engine.connection.ConnectionStatus;
import java.util.Locale;

/**
 * The words a tile shows for a status: a headline, a line on what happens next, and a notice while
 * the picture is the sub-stream's because the path drops the main stream.
 */
final class StatusText {
    private StatusText() {}

    static String headline(ConnectionStatus status) {
        if (status.state() == ConnectionState.LIVE) {
            return status.pathLabel().map(path -> "Live via " + path).orElse("Live");
        }
        return status.state().label();
    }

    /** What the user should know or do, e.g. "Retrying in 8 s" or "Check the password". */
    static String advice(ConnectionStatus status, long nowMillis) {
        String next = status.retryScheduled() ? "Retrying in " + timeUntil(status.retryAtMillis(), nowMillis) : "";
        String hint = switch (status.state()) {
            case LOOKING_UP -> "Asking the cloud where the camera is…";
            case CONNECTING -> "The camera's identity checked out; authenticating…";
            case PUNCHING -> "Opening a direct path to the camera…";
            case OFFLINE -> "The camera is off, not online, or not registered with this cloud.";
            case WRONG_PASSWORD -> "The camera rejected the password. Edit the camera to fix it.";
            case PASSWORD_NEEDED -> "The camera no longer knows this viewer. Edit the camera and type its password.";
            case LOCKED_OUT -> "The camera makes new viewers wait (wrong passwords or too many first connects lately).";
            case BUSY -> "The camera serves as many viewers as it can.";
            case UNREACHABLE -> "No path to the camera right now.";
            case CLOUD_LIMITED -> sentence(status.detail(), "The cloud refuses requests from this network for now.");
            case NOT_AUTHENTIC -> "The cloud answered with a key that does not match this ID.";
            case REFUSED -> sentence(status.detail(), "The camera refused this viewer's handshake.");
            case LIVE, STOPPED -> "";
        };
        if (next.isEmpty()) {
            return hint;
        }
        return hint.isEmpty() ? next : hint + " " + next + ".";
    }

    /**
     * Why the camera or the cloud refused us, as the viewer heard it (e.g. "…is this computer's
     * clock right?"), as a sentence; {@code otherwise} when the viewer heard no reason.
     */
    private static String sentence(String detail, String otherwise) {
        if (detail.isBlank()) {
            return otherwise;
        }
        String sentence = Character.toUpperCase(detail.charAt(0)) + detail.substring(1);
        return sentence.endsWith(".") || sentence.endsWith("?") ? sentence : sentence + ".";
    }

    /**
     * While the viewer shows the camera's sub-stream because the main stream kept breaking on this
     * path (decision 0042), what the user should know, e.g. "SD: the path drops the full stream
     * (trying again in 30 s)"; else empty.
     */
    static String fallback(ConnectionStatus status, long nowMillis) {
        if (status.state() != ConnectionState.LIVE || !status.onSubStream()) {
            return "";
        }
        return "SD: the path drops the full stream (trying again in "
                + timeUntil(status.subStreamUntilMillis(), nowMillis) + ")";
    }

    /** "8 s", or "3 min" past two minutes; never less than 1 s (the moment may be a look away). */
    private static String timeUntil(long atMillis, long nowMillis) {
        long seconds = Math.max(1, (atMillis - nowMillis + 999) / 1000);
        return seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min";
    }

    static String figures(TileStats stats, ConnectionStatus status) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%.0f fps shown · %.0f decoded", stats.shownFps(), stats.decodedFps()));
        text.append(String.format(
                Locale.ROOT,
                "%n%.0f kbit/s · loss %.1f %% on path, %.1f %% unrepaired",
                stats.kilobitsPerSecond(),
                stats.pathLossPercent(),
                stats.lossPercent()));
        text.append("\npath ").append(status.pathLabel().orElse("—"));
        text.append(" · RTT ").append(stats.rttMillis() < 0 ? "—" : stats.rttMillis() + " ms");
        text.append(" · latency ")
                .append(stats.latencyMillis() < 0 ? "—" : String.format(Locale.ROOT, "%.0f ms", stats.latencyMillis()));
        if (stats.width() > 0) {
            text.append(String.format(Locale.ROOT, "%n%d×%d", stats.width(), stats.height()));
        }
        if (!stats.decoder().isEmpty()) {
            text.append(stats.width() > 0 ? " · " : "\n").append("decoder ").append(stats.decoder());
        }
        if (!stats.stream().isEmpty()) {
            text.append('\n').append(stats.stream());
        }
        return text.toString();
    }
}
