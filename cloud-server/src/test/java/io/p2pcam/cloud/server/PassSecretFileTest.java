package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.p2pcam.protocol.cloud.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pass secret a cluster's nodes share (docs/PROTOCOL.md §5.3): made once, kept, and never
 * replaced under a node that already uses it, even when the nodes sharing a state directory start
 * at the same instant.
 */
class PassSecretFileTest {
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path stateDir;

    @Test
    void aSecretMadeOnceIsTheOneReadAtEveryLaterStart() throws IOException {
        Bytes made = PassSecretFile.loadOrCreate(stateDir, random);

        assertThat(PassSecretFile.loadOrCreate(stateDir, random)).isEqualTo(made);
    }

    @Test
    void nodesStartingTogetherOnOneStateDirectoryAllUseTheSecretOnDisk() throws Exception {
        int nodes = 4;
        ExecutorService starts = Executors.newFixedThreadPool(nodes);
        try {
            for (int round = 0; round < 20; round++) {
                Path shared = Files.createDirectory(stateDir.resolve("round-" + round));
                CyclicBarrier together = new CyclicBarrier(nodes);
                List<Future<Bytes>> secrets = new ArrayList<>();
                for (int node = 0; node < nodes; node++) {
                    secrets.add(starts.submit(() -> {
                        together.await();
                        return PassSecretFile.loadOrCreate(shared, random);
                    }));
                }
                List<Bytes> used = new ArrayList<>();
                for (Future<Bytes> secret : secrets) {
                    used.add(secret.get());
                }
                Bytes onDisk = PassSecretFile.loadOrCreate(shared, random);
                for (Bytes secret : used) {
                    assertThat(secret)
                            .as("round %d: a node kept a secret another node's write replaced", round)
                            .isEqualTo(onDisk);
                }
            }
        } finally {
            starts.shutdownNow();
        }
    }

    @Test
    void aFileThatHoldsNoSecretIsRefusedNotReplaced() throws IOException {
        Files.writeString(stateDir.resolve(PassSecretFile.NAME), "# nothing here\n");

        assertThatThrownBy(() -> PassSecretFile.loadOrCreate(stateDir, random))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(": it holds no secret; ");
        assertThat(Files.readString(stateDir.resolve(PassSecretFile.NAME))).isEqualTo("# nothing here\n");
    }
}
