package io.p2pcam.viewer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.KeyPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViewerKeyStoreTest {
    @TempDir
    Path directory;

    private final SecureRandom random = new SecureRandom();

    @Test
    void theKeyIsMadeOnceKeptOwnerOnlyAndTheSameOnEveryStart() throws Exception {
        KeyPair first = ViewerKeyStore.loadOrCreate(directory, random);
        KeyPair again = ViewerKeyStore.loadOrCreate(directory, random);
        assertThat(again).isEqualTo(first);
        Path file = directory.resolve(ViewerKeyStore.FILE_NAME);
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aDamagedKeyFileIsAnErrorNotANewKey() throws Exception {
        Files.writeString(directory.resolve(ViewerKeyStore.FILE_NAME), "not a key\n");
        assertThatThrownBy(() -> ViewerKeyStore.loadOrCreate(directory, random))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("move it away");
    }

    @Test
    void aKeyDirectoryItCreatesIsOwnerOnlyAndAnExistingOneIsLeftAsItIs() throws Exception {
        assumeTrue(Files.getFileStore(directory).supportsFileAttributeView("posix"));
        // probe --key-directory DIR made DIR rwxr-xr-x (the umask's), the key inside rw-------.
        Path keys = directory.resolve("keys");
        ViewerKeyStore.loadOrCreate(keys, random);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
                .isEqualTo("rwx------");
        Path passes = directory.resolve("passes");
        CloudPassStore.load(passes)
                .put(CameraIdentity.generate(random).id(), new CloudPass(7, Bytes.of(new byte[CloudPass.KEY_BYTES])));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passes)))
                .isEqualTo("rwx------");

        Path shared = Files.createDirectory(directory.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-x---"));
        ViewerKeyStore.loadOrCreate(shared, random);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared)))
                .isEqualTo("rwxr-x---");
    }
}
