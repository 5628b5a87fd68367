package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.Resumption;
import io.p2pcam.protocol.cloud.Bytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The node secret that cameras' cloud pass keys derive from (docs/PROTOCOL.md §5.3), kept in
 * {@code pass-secret} in the state directory: made once, owner-only, never rotated by itself, so
 * that the passes paired viewers hold stay valid across restarts. Nodes that should accept the
 * same passes (a cluster) share one copy of the file. Deleting it revokes every pass: cameras get
 * new pass keys when they next register, and viewers new passes when they next connect.
 */
final class PassSecretFile {
    static final String NAME = "pass-secret";
    private static final String REMEDY = "restore it from a backup or from another node of the cluster, or move it "
            + "away to make a new one, which revokes every viewer's cloud pass";

    private PassSecretFile() {}

    /**
     * The secret in {@code stateDirectory}, made and saved first if there is none.
     *
     * @throws IOException if the file cannot be read, parsed or written
     */
    static Bytes loadOrCreate(Path stateDirectory, SecureRandom random) throws IOException {
        Path file = stateDirectory.resolve(NAME);
        if (!Files.exists(file)) {
            byte[] secret = new byte[Resumption.PASS_SECRET_BYTES];
            random.nextBytes(secret);
            // Created, never replaced: nodes sharing this directory that start together each make
            // one, and all must use the one that took the name (a replaced secret voids the passes
            // of the node that made it first).
            if (OwnerOnlyFile.createAtomically(
                    file,
                    "# p2pcam cloud pass secret: share it between the nodes of a cluster, never elsewhere\n"
                            + HexFormat.of().formatHex(secret) + "\n")) {
                return Bytes.of(secret);
            }
        }
        for (String line : StateFileException.readLines(file, REMEDY)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                byte[] secret = HexFormat.of().parseHex(line.strip());
                if (secret.length != Resumption.PASS_SECRET_BYTES) {
                    throw new IllegalArgumentException(secret.length + " bytes");
                }
                return Bytes.of(secret);
            } catch (IllegalArgumentException e) {
                throw StateFileException.damaged(
                        file,
                        "it does not hold a " + Resumption.PASS_SECRET_BYTES + "-byte hex secret (" + e.getMessage()
                                + ")",
                        REMEDY);
            }
        }
        throw StateFileException.damaged(file, "it holds no secret", REMEDY);
    }
}
