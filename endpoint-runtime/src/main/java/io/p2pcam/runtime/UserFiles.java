package io.p2pcam.runtime;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a user names on a command line or in a dialog (a password file, a key folder, a trace to
 * write): what went wrong with one in plain words, and the first line of a secret kept in one
 * (with a warning when other users can read it).
 * Java's file exceptions carry only the path as their message ({@code NoSuchFileException:
 * /a/b}), so "cannot read /a/b: /a/b" said nothing; these words go after the caller's own, which
 * names the file.
 */
public final class UserFiles {
    private static final Logger log = LoggerFactory.getLogger(UserFiles.class);

    private UserFiles() {}

    /** What went wrong, without the path of the file the caller names (another one it names). */
    public static String describe(IOException problem) {
        return switch (problem) {
            case FileAlreadyExistsException e -> "a file is in the way at " + e.getFile();
            case AccessDeniedException e -> "permission denied";
            case NoSuchFileException e
            when isParentMissing(e.getFile()) ->
                "no such folder: " + Path.of(e.getFile()).toAbsolutePath().getParent();
            case NoSuchFileException e -> "no such file";
            case NotDirectoryException e -> "not a folder: " + e.getFile();
            case DirectoryNotEmptyException e -> "a folder that is not empty is in the way at " + e.getFile();
            // ENOTDIR names the whole path; the user needs the part of it that is a file.
            case FileSystemException e
            when "Not a directory".equals(e.getReason()) && fileInTheWay(e.getFile()) != null ->
                "a file is in the way at " + fileInTheWay(e.getFile());
            case FileSystemException e when e.getReason() != null -> e.getReason();
            // "Input length = 1": the bytes are not text in the charset read, a damaged or wrong file.
            case CharacterCodingException e -> "not text (damaged, or another kind of file)";
            // A folder opened as a file fails on its first read, with the C library's words.
            case IOException e when "Is a directory".equals(e.getMessage()) -> "it is a directory";
            case FileSystemException e -> "cannot be used (" + e.getClass().getSimpleName() + ")";
            default -> problem.getMessage() == null ? problem.getClass().getSimpleName() : problem.getMessage();
        };
    }

    /**
     * The first line of {@code file}, without surrounding blanks ("" for an empty file): a
     * password kept out of the command line, where every local user could read it ({@code ps}).
     */
    public static String firstLine(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .findFirst()
                .orElse("")
                .strip();
    }

    /**
     * {@link #firstLine} of a file that holds a password, with a warning in the log when group or
     * others may read it (as ssh and WireGuard's wg warn of a key file): not refused, since the
     * password may be meant to be shared (with an admin group, say), but its owner should know.
     */
    public static String secretLine(Path file) throws IOException {
        String line = firstLine(file);
        if (readableByOthers(file)) {
            log.warn(
                    "{} can be read by other users ({}): run chmod 600 {} unless they are meant to know the password",
                    file,
                    PosixFilePermissions.toString(permissions(file)),
                    file);
        }
        return line;
    }

    /**
     * Whether group or others may read {@code file} by its POSIX permissions (those of the file a
     * link points to); false where the file system has none (Windows: the folder's access rules
     * apply) or they cannot be read.
     */
    public static boolean readableByOthers(Path file) {
        Set<PosixFilePermission> permissions = permissions(file);
        return permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ);
    }

    /** The file's POSIX permissions; none where it has none, or they cannot be read. */
    private static Set<PosixFilePermission> permissions(Path file) {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return Set.of();
        }
        try {
            return posix.readAttributes().permissions();
        } catch (IOException e) {
            return Set.of();
        }
    }

    /**
     * Creates {@code directory}, and the folders above it that are missing, for the owner alone
     * ({@code rwx------}) where the file system has POSIX permissions: a folder of keys or secrets is
     * nobody else's business. An existing directory is left as it is. Elsewhere (Windows) the user's
     * profile keeps other users out.
     */
    public static void createOwnerOnlyDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        try {
            Files.createDirectories(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createDirectories(directory);
        }
    }

    /**
     * Opens {@code file} for writing and closes it again (creating it, empty, if it is not there;
     * an existing one is left as it is), so that a program told to write it later can say at once,
     * before any work, that it could not.
     */
    public static void checkWritable(Path file) throws IOException {
        Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                .close();
    }

    /** The nearest of {@code file} and the folders above it that is there and is not a folder, or null. */
    private static Path fileInTheWay(String file) {
        for (Path path = file == null ? null : Path.of(file).toAbsolutePath(); path != null; path = path.getParent()) {
            if (Files.exists(path)) {
                return Files.isDirectory(path) ? null : path;
            }
        }
        return null;
    }

    private static boolean isParentMissing(String file) {
        if (file == null) {
            return false;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        return parent != null && !Files.isDirectory(parent);
    }
}
