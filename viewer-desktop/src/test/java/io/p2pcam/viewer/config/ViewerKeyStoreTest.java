package io.p2pcam.viewer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
