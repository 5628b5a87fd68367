package io.p2pcam.cloud.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be seen of a secret's write from inside the process: the whole content under the final
 * name, owner-only, the state directory made when missing, and no stray copy of the secret after a
 * write that failed (a whole replacement is AtomicWriteTest's). That the bytes and the name were
 * forced to the disk before a power cut cannot be seen here; it is AtomicWrite's contract.
 */
class OwnerOnlyFileTest {
    @TempDir
    Path state;

    @Test
    void aNewSecretIsWrittenWholeOwnerOnlyAndItsDirectoryIsMade() throws IOException {
        Path file = state.resolve("nodes/one/secret");
        OwnerOnlyFile.writeAtomically(file, "first secret\n");
        assertThat(Files.readString(file)).isEqualTo("first secret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aWriteThatFailsIsOneLineNamingTheFileNotAJavaClassName() throws IOException {
        // A full disk gave "cannot start: java.io.IOException: No space left on device", naming no
        // file; a state directory that cannot be made is the same class of failure, seen here.
        Path inTheWay = Files.writeString(state.resolve("nodes"), "a file, not a directory");
        Path file = inTheWay.resolve("ticket-keys");

        assertThatThrownBy(() -> OwnerOnlyFile.writeAtomically(file, "secret\n"))
                .isInstanceOf(StateFileException.class)
                .hasMessageStartingWith("cannot write " + file + ": a file is in the way at " + inTheWay + "; ");
        assertThatThrownBy(() -> OwnerOnlyFile.createAtomically(file, "secret\n"))
                .isInstanceOf(StateFileException.class)
                .hasMessageStartingWith("cannot write " + file + ": ");
    }

    @Test
    void aWriteThatFailsLeavesNoCopyOfTheSecretBeside() throws IOException {
        Path file = state.resolve("secret");
        Files.createDirectories(file.resolve("in-the-way")); // the name is taken by a directory: the rename fails
        assertThatThrownBy(() -> OwnerOnlyFile.writeAtomically(file, "never kept\n"))
                .isInstanceOf(IOException.class);
        assertThat(namesIn(state)).containsExactly("secret");
        assertThat(Files.isDirectory(file)).isTrue();
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }
}
