package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.endpoint.ViewerFailure;
import io.p2pcam.runtime.LanBrowser;

/**
 * What a failed connect at an address found announced on the LAN says of that address, to be told
 * back to the browser ({@link LanCameras#failed}, {@link LanBrowser#failed}) so that the camera's
 * other announcements are tried first, in turn (docs/PROTOCOL.md §10.8). One rule for the viewer's
 * tiles ({@link LanFallback}) and `probe`.
 */
public final class LanVerdict {
    private LanVerdict() {}

    /**
     * {@code failure} of a connect at an announced address: nothing answered in time, or what
     * answered is not the camera (its key does not match the ID, its handshake failed); null when
     * the camera itself answered there (a wrong password, busy...): the address is right.
     */
    public static LanBrowser.ConnectFailure of(ViewerFailure failure) {
        return switch (failure) {
            case CLOUD_LIED, HANDSHAKE_FAILED -> LanBrowser.ConnectFailure.NOT_THE_CAMERA;
            case TIMEOUT -> LanBrowser.ConnectFailure.NO_ANSWER;
            default -> null;
        };
    }
}
