package io.p2pcam.viewer.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.p2pcam.protocol.identity.CameraId;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** probe's one JSON line when it fails ({@code camera}, {@code error}, {@code message}), and its exit status. */
final class FailureLine {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Errors in the command line itself: exit status 2, as a usage error of the other commands. */
    private static final Set<String> USAGE_ERRORS = Set.of("BAD_ARGUMENT", "BAD_ID", "BAD_PASSWORD");

    private FailureLine() {}

    /** Prints the line; returns the exit status, 2 for a command line to fix, else 1. */
    static int print(PrintWriter out, CameraId id, String error, String message) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        if (id != null) {
            line.put("camera", id.toString());
        }
        line.put("error", error);
        line.put("message", message);
        out.println(JSON.writeValueAsString(line));
        out.flush();
        return USAGE_ERRORS.contains(error) ? 2 : 1;
    }
}
