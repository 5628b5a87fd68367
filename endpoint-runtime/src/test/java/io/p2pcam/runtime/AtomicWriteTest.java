package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
    @TempDir
    Path directory;

    @Test
    void replaceSwapsTheWholeContentAndLeavesNoTemporaryFile() throws Exception {
        Path file = directory.resolve("settings");
        Files.writeString(file, "old and longer than the new content");

        AtomicWrite.replace(file, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("new");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void theFileIsOwnerOnly() throws Exception {
        Path file = directory.resolve("secret");

        AtomicWrite.replace(file, new byte[] {1});

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void createLeavesAFileThatIsThereAsItIs() throws Exception {
        Path file = directory.resolve("key");

        assertThat(AtomicWrite.create(file, new byte[] {1})).isTrue();
        assertThat(AtomicWrite.create(file, new byte[] {2})).isFalse();

        assertThat(Files.readAllBytes(file)).containsExactly(1);
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void aWriteThatFailsNamesTheFileAskedForNotItsTemporary() throws Exception {
        // 240 characters fit in a name (at most 255 bytes), its temporary's ".<digits>.tmp" more do not.
        Path file = directory.resolve("s".repeat(240));

        assertThatThrownBy(() -> AtomicWrite.replace(file, new byte[] {1}))
                .isInstanceOfSatisfying(
                        FileSystemException.class, e -> assertThat(e.getFile()).isEqualTo(file.toString()))
                .message()
                .doesNotContain(".tmp");
        assertThatThrownBy(() -> AtomicWrite.create(file, new byte[] {1}))
                .isInstanceOfSatisfying(
                        FileSystemException.class, e -> assertThat(e.getFile()).isEqualTo(file.toString()));
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }
}
