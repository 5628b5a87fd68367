package io.p2pcam.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words a user reads when a file they named cannot be used: never the bare path Java gives. */
class UserFilesTest {
    @TempDir
    Path folder;

    private interface FileUse {
        void on(Path file) throws IOException;
    }

    private static String problem(FileUse use, Path file) {
        try {
            use.on(file);
            throw new AssertionError("used " + file);
        } catch (IOException e) {
            return UserFiles.describe(e);
        }
    }

    private static String problemReading(Path file) {
        return problem(UserFiles::firstLine, file);
    }

    private static String problemWriting(Path file) {
        return problem(UserFiles::checkWritable, file);
    }

    @Test
    void aMissingFileAndAMissingFolderAreToldApart() {
        assertThat(problemReading(folder.resolve("nope.txt"))).isEqualTo("no such file");
        assertThat(problemReading(folder.resolve("no-dir/nope.txt")))
                .isEqualTo("no such folder: " + folder.resolve("no-dir"));
        assertThat(problemWriting(folder.resolve("no-dir/trace.txt")))
                .isEqualTo("no such folder: " + folder.resolve("no-dir"));
    }

    @Test
    void aFolderWhereAFileIsExpectedAndAFileWhereAFolderIsExpectedAreNamed() throws IOException {
        Path file = Files.writeString(folder.resolve("a-file"), "x");
        assertThat(problemWriting(file.resolve("trace.txt"))).doesNotContain(": " + file.resolve("trace.txt"));
        assertThat(problemWriting(folder)).isNotEqualTo(folder.toString()).isNotBlank();
        assertThat(problemReading(folder)).isNotEqualTo(folder.toString()).isNotBlank();
    }

    @Test
    void aFileWhereAFolderOfThePathShouldBeIsNamedAsInTheWay() throws IOException {
        // Java says "Not a directory" of the whole path, which leaves the user to find which part.
        Path file = Files.writeString(folder.resolve("a-file"), "x");
        assertThat(problem(Files::createDirectories, file.resolve("state/deeper")))
                .isEqualTo("a file is in the way at " + file);
        assertThat(problemWriting(file.resolve("trace.txt"))).isEqualTo("a file is in the way at " + file);
    }

    @Test
    void aFileThatIsNotTextAndAFolderReadAsAFileAreSaidInWords() throws IOException {
        // Java says "Input length = 1" (MalformedInputException) for the first, which tells nobody
        // that the file is damaged or the wrong one.
        Path binary = Files.write(folder.resolve("garbage"), new byte[] {'a', (byte) 0xff, (byte) 0xfe, '\n'});
        assertThat(problemReading(binary)).isEqualTo("not text (damaged, or another kind of file)");
        assertThat(problemReading(folder)).isEqualTo("it is a directory");
    }

    @Test
    void theFirstLineIsTheSecretWithoutItsLineEndOrBlanks() throws IOException {
        Path file = Files.writeString(folder.resolve("pw"), "  Correct-Horse-Battery-42 \r\nsecond line\n");
        assertThat(UserFiles.firstLine(file)).isEqualTo("Correct-Horse-Battery-42");
        assertThat(UserFiles.firstLine(Files.writeString(folder.resolve("empty"), "")))
                .isEmpty();
    }

    @Test
    void checkingAFileThatCanBeWrittenLeavesAnExistingOneAsItIs() throws IOException {
        Path existing = Files.writeString(folder.resolve("kept.txt"), "kept");
        UserFiles.checkWritable(existing);
        assertThat(Files.readString(existing)).isEqualTo("kept");
        Path created = folder.resolve("new.txt");
        UserFiles.checkWritable(created);
        assertThat(created).exists().isEmptyFile();
        assertThatThrownBy(() -> UserFiles.checkWritable(folder.resolve("x/y/z")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aFileIsReadableByOthersWhenItsGroupOrOthersMayReadIt() throws IOException {
        assumeTrue(Files.getFileStore(folder).supportsFileAttributeView("posix"));
        // Modes only: CI runs as root, who can read any file whatever its mode.
        Path file = Files.writeString(folder.resolve("pw"), "Correct-Horse-Battery-42\n");
        for (String mode : List.of("rw-r--r--", "rw-r-----", "rw----r--", "r--r--r--")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThat(UserFiles.readableByOthers(file)).as(mode).isTrue();
        }
        for (String mode : List.of("rw-------", "r--------", "rw--w--w-", "rwx-wx-wx")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            assertThat(UserFiles.readableByOthers(file)).as(mode).isFalse();
        }
        assertThat(UserFiles.readableByOthers(folder.resolve("nope"))).isFalse();
    }

    @Test
    void aSecretFileOthersCanReadIsStillRead() throws IOException {
        assumeTrue(Files.getFileStore(folder).supportsFileAttributeView("posix"));
        Path file = Files.writeString(folder.resolve("pw"), "Correct-Horse-Battery-42\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(UserFiles.secretLine(file)).isEqualTo("Correct-Horse-Battery-42");
    }
}
