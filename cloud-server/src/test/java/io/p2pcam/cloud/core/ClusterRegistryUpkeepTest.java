package io.p2pcam.cloud.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a clustered core writes to the shared registry, on an in-memory network and a fake clock,
 * the registry played by a map that takes its Publish and Withdraw commands: after more failed
 * writes than the core remembers, every camera it holds is written again; a camera evicted from a
 * full table is taken out of the registry, so that other nodes stop handing its connects over.
 */
class ClusterRegistryUpkeepTest {
    /** The registry as the core's commands leave it: the cameras this node is named for. */
    private final Map<CameraId, CameraPublicKey> registry = new HashMap<>();

    private final List<CameraId> withdrawn = new ArrayList<>();

    @Test
    void afterMoreFailedWritesThanTheCoreRemembersEveryCameraItHoldsIsWrittenAgain() {
        InMemoryNetwork network = clusteredNetwork(CloudConfig.defaults());
        List<SimulatedCamera> cameras = register(network, 20);
        List<CameraId> failed = new ArrayList<>();
        for (ClusterCommand command = network.cloud.pollClusterCommand();
                command != null;
                command = network.cloud.pollClusterCommand()) {
            if (command instanceof ClusterCommand.Publish publish) {
                failed.add(publish.id()); // Redis is away: every registration's write fails
            }
        }
        assertThat(failed).hasSize(cameras.size());
        network.cloud.registryWritesFailed(failed, false);
        // More failures than the core keeps (withdrawals of cameras long gone, say): it overflows.
        SecureRandom random = new SecureRandom();
        List<CameraId> more = new ArrayList<>();
        for (int i = 0; i <= Rendezvous.MAX_UNWRITTEN_CAMERAS; i++) {
            byte[] id = new byte[CameraId.BYTES];
            random.nextBytes(id);
            more.add(CameraId.fromBytes(id));
        }
        network.cloud.registryWritesFailed(more, false);

        network.cloud.registryAnswered(network.now); // Redis is back and still knows this node
        network.advance(Rendezvous.SWEEP_PERIOD_MILLIS * Rendezvous.FAST_PUBLISH_PERIODS + 1_000);
        applyCommands(network);

        assertThat(registry.keySet())
                .as("cameras in the registry after the full pass the overflow started")
                .containsExactlyInAnyOrderElementsOf(ids(cameras));
    }

    @Test
    void aCameraEvictedFromAFullTableIsTakenOutOfTheRegistry() {
        InMemoryNetwork network = clusteredNetwork(CloudConfig.defaults().withMaxCameras(2));
        List<SimulatedCamera> first = register(network, 2);
        applyCommands(network);
        assertThat(registry.keySet()).containsExactlyInAnyOrderElementsOf(ids(first));

        network.advance(1_000);
        List<SimulatedCamera> newcomer = register(network, 1, 3); // the table is full: one of the first two goes
        applyCommands(network);

        assertThat(network.cloud.camerasOnline()).isEqualTo(2);
        assertThat(withdrawn).as("withdrawals after the eviction").hasSize(1);
        assertThat(ids(first)).contains(withdrawn.getFirst());
        assertThat(registry)
                .as("the registry names this node only for the cameras it still holds")
                .hasSize(2)
                .containsKey(newcomer.getFirst().identity.id())
                .doesNotContainKey(withdrawn.getFirst());
    }

    private static InMemoryNetwork clusteredNetwork(CloudConfig config) {
        InMemoryNetwork network = new InMemoryNetwork(config);
        network.cloud.joinCluster("a:1");
        network.cloud.liveNodes(Set.of("a:1"));
        return network;
    }

    private static List<SimulatedCamera> register(InMemoryNetwork network, int count) {
        return register(network, count, 0);
    }

    /** {@code count} cameras, each from an address of its own, registered. */
    private static List<SimulatedCamera> register(InMemoryNetwork network, int count, int first) {
        List<SimulatedCamera> cameras = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            cameras.add(
                    new SimulatedCamera(network, InMemoryNetwork.address("198.51.100." + (i + 1), 40_000), List.of()));
        }
        network.deliver();
        return cameras;
    }

    private void applyCommands(InMemoryNetwork network) {
        for (ClusterCommand command = network.cloud.pollClusterCommand();
                command != null;
                command = network.cloud.pollClusterCommand()) {
            switch (command) {
                case ClusterCommand.Publish publish -> registry.put(publish.id(), publish.key());
                case ClusterCommand.Withdraw withdraw -> {
                    withdrawn.add(withdraw.id());
                    registry.remove(withdraw.id());
                }
                default -> {}
            }
        }
    }

    private static Set<CameraId> ids(List<SimulatedCamera> cameras) {
        return cameras.stream().map(camera -> camera.identity.id()).collect(Collectors.toSet());
    }
}
