package io.p2pcam.camera.cli;

import io.p2pcam.camera.identity.IdentityStore;
import io.p2pcam.camera.identity.IdentityStoreException;
import io.p2pcam.camera.pairing.PairingFile;
import io.p2pcam.camera.pairing.Revocations;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.pairing.PairingStore;
import io.p2pcam.protocol.pairing.PairingStoreException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code viewers list|revoke}: the viewers paired with this camera (docs/PROTOCOL.md §10.1). */
@Command(
        name = "viewers",
        mixinStandardHelpOptions = true,
        description = "Lists or revokes the viewers paired with this camera.",
        subcommands = {ViewersCommand.List.class, ViewersCommand.Revoke.class})
final class ViewersCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a subcommand is needed: list or revoke");
    }

    /** The state directory option both subcommands share. */
    static final class StateDir {
        @Option(
                names = "--state-dir",
                paramLabel = "DIR",
                description = {"The camera's state directory. Default: $P2PCAM_STATE_DIR, else", "${DEFAULT-VALUE}"})
        Path path;

        /**
         * The directory, once it is known to be a camera's: one without its identity ({@value
         * IdentityStore#KEY_FILE}) has no pairings either, and is most often a mistyped path, which
         * must not read as "no paired viewers".
         */
        Path ofACamera() throws IdentityStoreException {
            if (!Files.isDirectory(path)) {
                throw new IdentityStoreException("no camera state at " + path + ": no such folder");
            }
            if (!Files.exists(path.resolve(IdentityStore.KEY_FILE))) {
                throw new IdentityStoreException("no camera state at " + path + ": it holds no camera identity ("
                        + IdentityStore.KEY_FILE + ")");
            }
            return path;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            defaultValueProvider = StateDirectory.Default.class,
            description = "One line per paired viewer: key (hex), paired since, name; \"(owner)\" marks the "
                    + "camera's owner, the first viewer still paired, which may take the talk floor over.")
    static final class List implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private StateDir stateDir;

        @Override
        public Integer call() throws IOException, IdentityStoreException {
            Path camera = stateDir.ofACamera();
            PrintWriter out = spec.commandLine().getOut();
            PairingStore.Snapshot snapshot = new PairingFile(camera).load();
            java.util.List<Bytes> pending = new Revocations(camera).pending();
            // The owner as the camera decides it (PairingStore.isOwner, decision 0064), from the same
            // store the camera builds from this file: the first viewer still paired.
            PairingStore store = new PairingStore(
                    IdentityStore.load(camera.resolve(IdentityStore.KEY_FILE)).noiseStaticKey(),
                    snapshot,
                    PairingStore.Journal.NONE);
            if (snapshot.pairings().isEmpty()) {
                out.println("no paired viewers");
            }
            for (PairingStore.Pairing pairing : snapshot.pairings()) {
                out.println(HexFormat.of().formatHex(pairing.viewerKey().toArray()) + "  "
                        + Instant.ofEpochMilli(pairing.pairedAtMillis()) + "  " + pairing.name()
                        + (store.isOwner(pairing.viewerKey()) ? "  (owner)" : "")
                        + (pending.contains(pairing.viewerKey()) ? "  (revocation pending)" : ""));
            }
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            defaultValueProvider = StateDirectory.Default.class,
            description = "Forgets a paired viewer; a running camera ends its session within a second. "
                    + "It must give the password again to pair.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Mixin
        private StateDir stateDir;

        @Parameters(
                paramLabel = "KEY",
                description = "The viewer's key as `viewers list` shows it, or a unique prefix.")
        private String key;

        @Override
        public Integer call() throws IOException, IdentityStoreException, PairingStoreException {
            Path camera = stateDir.ofACamera();
            PairingFile file = new PairingFile(camera);
            Revocations revocations = new Revocations(camera);
            // The lock first, then the file: read before it, a camera stopping in between could save
            // newer pairings and replay marks that this command would then write back over.
            FileLock lock = revocations.tryLockAsRunningCamera();
            try {
                return revoke(file, revocations, lock, camera);
            } finally {
                if (lock != null) {
                    lock.channel().close(); // releases the lock
                }
            }
        }

        /** With the camera's lock when it does not run ({@code lock} not null), else through its marker. */
        private int revoke(PairingFile file, Revocations revocations, FileLock lock, Path camera)
                throws IOException, IdentityStoreException, PairingStoreException {
            PairingStore.Snapshot snapshot = file.load();
            java.util.List<PairingStore.Pairing> matches = snapshot.pairings().stream()
                    .filter(p ->
                            HexFormat.of().formatHex(p.viewerKey().toArray()).startsWith(key.toLowerCase(Locale.ROOT)))
                    .toList();
            if (key.isEmpty() || matches.size() != 1) {
                throw new ParameterException(
                        spec.commandLine(),
                        matches.isEmpty()
                                ? "no paired viewer's key starts with " + key
                                : matches.size() + " paired viewers' keys start with " + key + "; give more of it");
            }
            Bytes viewerKey = matches.getFirst().viewerKey();
            PrintWriter out = spec.commandLine().getOut();
            if (lock == null) {
                revocations.request(viewerKey);
                out.println("revoked " + matches.getFirst().name() + "; the running camera ends its session");
            } else {
                PairingStore store = new PairingStore(
                        IdentityStore.load(camera.resolve(IdentityStore.KEY_FILE))
                                .noiseStaticKey(),
                        snapshot,
                        file);
                store.revoke(viewerKey);
                out.println("revoked " + matches.getFirst().name());
            }
            out.flush();
            return 0;
        }
    }
}
