package io.p2pcam.viewer.probe;

import io.p2pcam.protocol.session.VideoStream;
import io.p2pcam.runtime.Impairment;
import io.p2pcam.viewer.engine.connection.CameraConnection;
import io.p2pcam.viewer.engine.connection.ConnectionListener;
import io.p2pcam.viewer.engine.connection.ConnectionSettings;
import java.io.IOException;
import picocli.CommandLine.Option;

/** probe's choice of the camera's main or sub-stream (docs/PROTOCOL.md §10.9). */
final class StreamOption {
    @Option(
            names = "--stream",
            paramLabel = "main|sub",
            description = {
                "Ask the camera for its main or its sub-stream (docs/PROTOCOL.md §10.9); the line's width and "
                        + "height are the last picture's. Default: whatever the camera sends first (main). Asked "
                        + "for main, it falls back to sub as the app does when main keeps breaking (streamFallbacks)."
            })
    String name;

    @Option(
            names = "--switch-to",
            paramLabel = "main|sub",
            description = {
                "After --frames pictures, ask for this stream and time the switch (docs/PROTOCOL.md §10.9): "
                        + "switchMs (asked -> first picture of the new stream decoded), switchFirstPacketMs, "
                        + "switchKeyframeMs (its first keyframe complete). The other stream must differ in size."
            })
    String switchTo;

    /** What is wrong with the option, in one line, or null. */
    String problem() {
        if (name != null && !name.equals("main") && !name.equals("sub")) {
            return "--stream must be main or sub, not " + name;
        }
        if (switchTo != null && !switchTo.equals("main") && !switchTo.equals("sub")) {
            return "--switch-to must be main or sub, not " + switchTo;
        }
        if (switchTo != null && switchTo.equals(name == null ? "main" : name)) {
            return "--switch-to " + switchTo + " is the stream it starts on (--stream)";
        }
        return null;
    }

    /** The stream --switch-to asks for, or null without it. */
    VideoStream switchTarget() {
        return switchTo == null ? null : parse(switchTo);
    }

    private static VideoStream parse(String name) {
        return name.equals("sub") ? VideoStream.SUB : VideoStream.MAIN;
    }

    /** Opens the connection and, with --stream, asks for that stream as soon as the path is fixed. */
    CameraConnection open(ConnectionSettings settings, ConnectionListener listener, Impairment impairment)
            throws IOException {
        CameraConnection connection = CameraConnection.open(settings, listener, impairment);
        if (name != null) {
            connection.selectStream(parse(name));
        }
        return connection;
    }

    /** As given ("main", "sub"), or null. */
    String name() {
        return name;
    }
}
