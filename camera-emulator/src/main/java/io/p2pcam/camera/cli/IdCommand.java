package io.p2pcam.camera.cli;

import io.p2pcam.camera.identity.IdentityStore;
import io.p2pcam.camera.identity.IdentityStoreException;
import io.p2pcam.protocol.identity.CameraIdentity;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code id}: prints the camera's ID, creating its identity on first use. */
@Command(
        name = "id",
        mixinStandardHelpOptions = true,
        defaultValueProvider = StateDirectory.Default.class,
        description = "Prints this camera's ID (what viewers type in), creating the camera's identity "
                + "in the state directory if there is none yet.")
final class IdCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description = {
                "Where the camera keeps its secret key (camera.key). Default: $P2PCAM_STATE_DIR, else",
                "${DEFAULT-VALUE}"
            })
    private Path stateDir;

    @Override
    public Integer call() throws IdentityStoreException {
        CameraIdentity identity = IdentityStore.loadOrCreate(stateDir, new SecureRandom());
        spec.commandLine().getOut().println(identity.id());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
