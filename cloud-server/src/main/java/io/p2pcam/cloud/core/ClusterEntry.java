package io.p2pcam.cloud.core;

import io.p2pcam.protocol.identity.CameraPublicKey;
import java.util.List;

/**
 * What the shared registry says about one camera: its key and the live nodes that hold it
 * (a camera may be homed on two). The edge leaves out nodes whose registry entry or membership
 * has lapsed.
 */
public record ClusterEntry(CameraPublicKey key, List<String> nodes) {
    public ClusterEntry {
        nodes = List.copyOf(nodes);
    }
}
