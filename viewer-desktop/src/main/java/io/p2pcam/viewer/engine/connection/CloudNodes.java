package io.p2pcam.viewer.engine.connection;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.runtime.HostPort;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud nodes one camera's attempts go through, in the order to try them: every address of
 * every configured cloud, resolved anew for each attempt (DNS may move a cloud), the node that
 * answered last first (docs/PROTOCOL.md §5.4). Not thread-safe: its supervisor's lock guards it.
 */
final class CloudNodes {
    private static final Logger log = LoggerFactory.getLogger(CloudNodes.class);

    private final CameraId camera;
    private final List<InetSocketAddress> clouds;
    private InetSocketAddress lastAnswered;

    CloudNodes(CameraId camera, List<InetSocketAddress> clouds) {
        this.camera = camera;
        this.clouds = List.copyOf(clouds);
    }

    /** Every address of every cloud (DNS here, on the caller's thread), the last answering node first. */
    List<InetSocketAddress> resolve() {
        List<InetSocketAddress> nodes = new ArrayList<>();
        for (InetSocketAddress cloud : clouds) {
            try {
                nodes.addAll(HostPort.resolveAll(List.of(cloud)));
            } catch (IllegalArgumentException e) {
                log.warn("camera {}: {}", camera, e.getMessage());
            }
        }
        if (lastAnswered != null && nodes.remove(lastAnswered)) {
            nodes.addFirst(lastAnswered);
        }
        return nodes.stream().distinct().toList();
    }

    /** {@code node} answered: it is asked first next time. */
    void answered(InetSocketAddress node) {
        lastAnswered = node;
    }

    /** Why {@link #resolve} found nothing, in words for the tile. */
    String unresolved() {
        return "cannot resolve the cloud server" + (clouds.size() > 1 ? "s " : " ")
                + String.join(
                        ", ",
                        clouds.stream().map(InetSocketAddress::getHostString).toList());
    }
}
