package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The one rule for which of a camera's sessions a new admission replaces (docs/PROTOCOL.md §10.1,
 * "A handshake heard twice"; decisions 0059 and 0064): those a new handshake shows dead, as
 * WireGuard replaces a peer's session only on that same peer's newer handshake.
 */
final class ReplacedSessions {
    private ReplacedSessions() {}

    /**
     * The sessions among {@code viewers} that a new handshake of viewer key {@code key} under viewer
     * session ID {@code viewerSessionId} shows dead: those of the same connect (a viewer keeps its
     * session ID over the fresh handshakes of one connect) that never found a path. Their answer was
     * lost and the viewer gave them up, so the new admission replaces them rather than leave them to
     * wait out their punch timeout in a viewer slot. Another connect of the same installation (another
     * tile, the sub-stream, a probe sharing the key) has a session ID of its own: its session stays,
     * punching or live. Only the key's holder can be admitted under it, so nobody else can end them.
     */
    static List<ViewerSession> by(Collection<ViewerSession> viewers, Bytes key, int viewerSessionId) {
        List<ViewerSession> replaced = new ArrayList<>();
        for (ViewerSession viewer : viewers) {
            if (viewer.isKeyedBy(key)
                    && viewer.session().remoteId() == viewerSessionId
                    && viewer.session().path() == null) {
                replaced.add(viewer);
            }
        }
        return replaced;
    }
}
