package io.p2pcam.camera.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.identity.CameraIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityStoreTest {
    @TempDir
    Path temp;

    private Path stateDir;

    @BeforeEach
    void posixFileSystem() {
        assumeTrue(temp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        stateDir = temp.resolve("state").resolve("camera");
    }

    @Test
    void aFirstStartCreatesTheDirectoryAndAnOwnerOnlyKeyFile() throws Exception {
        CameraIdentity identity = IdentityStore.loadOrCreate(stateDir, new SecureRandom());

        Path keyFile = stateDir.resolve(IdentityStore.KEY_FILE);
        assertThat(keyFile).isRegularFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)))
                .isEqualTo("rwx------");
        assertThat(CameraIdentity.fromBytes(Files.readAllBytes(keyFile)).id()).isEqualTo(identity.id());
        try (var files = Files.list(stateDir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(keyFile);
        }
    }

    @Test
    void aSecondStartLoadsTheSameIdentity() throws Exception {
        CameraIdentity first = IdentityStore.loadOrCreate(stateDir, new SecureRandom());

        CameraIdentity second = IdentityStore.loadOrCreate(stateDir, new SecureRandom());

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        IdentityStore.loadOrCreate(stateDir, new SecureRandom());
        Path keyFile = stateDir.resolve(IdentityStore.KEY_FILE);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()))
                .isInstanceOf(IdentityStoreException.class)
                .hasMessage(keyFile + " is accessible by others (rw-r--r--); it holds the camera's secret key: "
                        + "run chmod 600 " + keyFile + " if nobody else could have read it");
    }

    @Test
    void aGroupReadableKeyFileIsRefusedToo() throws Exception {
        IdentityStore.loadOrCreate(stateDir, new SecureRandom());
        Files.setPosixFilePermissions(
                stateDir.resolve(IdentityStore.KEY_FILE), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()))
                .isInstanceOf(IdentityStoreException.class)
                .hasMessageContaining("is accessible by others (rw-r-----)");
    }

    @Test
    void aDamagedKeyFileIsAClearError() throws Exception {
        Files.createDirectories(stateDir);
        Path keyFile = ownerOnly(stateDir.resolve(IdentityStore.KEY_FILE));
        Files.write(keyFile, new byte[] {1, 2, 3, 4, 5, 6});

        assertThatThrownBy(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()))
                .isInstanceOf(IdentityStoreException.class)
                .hasMessage(keyFile + " is damaged (not a p2pcam camera identity (or a newer format)); "
                        + "move it away to create a new identity, which gives the camera a new ID");
    }

    @Test
    void aTruncatedKeyFileIsAClearError() throws Exception {
        byte[] whole = CameraIdentity.generate(new SecureRandom()).toBytes();
        Files.createDirectories(stateDir);
        Path keyFile = ownerOnly(stateDir.resolve(IdentityStore.KEY_FILE));
        Files.write(keyFile, Arrays.copyOf(whole, whole.length - 10));

        assertThatThrownBy(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()))
                .isInstanceOf(IdentityStoreException.class)
                .hasMessageContaining("is damaged (camera identity is truncated)");
    }

    @Test
    void aDirectoryInPlaceOfTheKeyFileIsNamedAsSuchNotAsAPermissionProblem() throws Exception {
        // Was "... is accessible by others (rwxr-xr-x) ... run chmod 600": advice that cannot help.
        Path keyFile = Files.createDirectories(stateDir.resolve(IdentityStore.KEY_FILE));

        assertThatThrownBy(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()))
                .isInstanceOf(IdentityStoreException.class)
                .hasMessage(keyFile + " is a directory, not a camera identity; "
                        + "move it away to create a new identity, which gives the camera a new ID");
    }

    @Test
    void anUnreadableKeyFileIsAClearError() throws Exception {
        assumeTrue(!"root".equals(System.getProperty("user.name")), "root reads any file");
        IdentityStore.loadOrCreate(stateDir, new SecureRandom());
        Path keyFile = stateDir.resolve(IdentityStore.KEY_FILE);
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("-w-------"));

        assertThatThrownBy(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()))
                .isInstanceOf(IdentityStoreException.class)
                .hasMessage("cannot read " + keyFile + ": permission denied");
    }

    @Test
    void aStateDirectoryThatIsAFileIsAClearError() throws Exception {
        Files.createDirectories(stateDir.getParent());
        Files.writeString(stateDir, "not a directory");

        assertThatThrownBy(() -> IdentityStore.loadOrCreate(stateDir, new SecureRandom()))
                .isInstanceOf(IdentityStoreException.class)
                .hasMessage("state directory " + stateDir + " exists but is not a directory");
    }

    private static Path ownerOnly(Path file) throws IOException {
        return Files.createFile(
                file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
}
