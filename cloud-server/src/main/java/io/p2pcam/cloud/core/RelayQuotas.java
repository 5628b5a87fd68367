package io.p2pcam.cloud.core;

import io.p2pcam.protocol.hash.AddressKey;
import io.p2pcam.protocol.identity.CameraId;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * How many relay sessions each camera and each viewer source holds, against
 * {@link RelayLimits#maxSessionsPerCamera()} and {@link RelayLimits#maxSessionsPerSource()}: one
 * party cannot take the whole relay (issue 13 §1 and §2). A source is an IPv4 address or an IPv6
 * /64, as for the rate limits (§6.1). Not thread-safe.
 */
final class RelayQuotas {
    private final RelayLimits limits;
    private final Map<CameraId, Integer> perCamera = new HashMap<>();
    private final Map<AddressKey, Integer> perSource = new HashMap<>();

    RelayQuotas(RelayLimits limits) {
        this.limits = limits;
    }

    /** Whether one more session between this camera and this viewer fits. */
    boolean allows(CameraId camera, InetSocketAddress viewer) {
        return perCamera.getOrDefault(camera, 0) < limits.maxSessionsPerCamera()
                && perSource.getOrDefault(source(viewer), 0) < limits.maxSessionsPerSource();
    }

    void add(CameraId camera, AddressKey source) {
        perCamera.merge(camera, 1, Integer::sum);
        perSource.merge(source, 1, Integer::sum);
    }

    void remove(CameraId camera, AddressKey source) {
        perCamera.computeIfPresent(camera, (k, n) -> n > 1 ? n - 1 : null);
        perSource.computeIfPresent(source, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** The source an address counts against: its IPv4 address, or its IPv6 /64. */
    static AddressKey source(InetSocketAddress address) {
        return SourcePrefix.of(address);
    }
}
