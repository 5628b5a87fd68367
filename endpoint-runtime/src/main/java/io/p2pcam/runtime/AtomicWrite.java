package io.p2pcam.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a small file of secrets or settings so that a power cut or a full disk leaves the old
 * content or the new one, never an empty or half-written file: the bytes go to a temporary file
 * beside the final name, created owner-only ({@code rw-------} where the file system has POSIX
 * permissions) from the first byte, are forced to the disk, and the temporary file then takes the
 * final name; the directory is forced too, so the new name survives a power cut. A write that
 * fails removes its temporary file and leaves the old one as it was, and its exception (a {@link
 * FileSystemException}) names the file asked for, never the temporary one the user has never heard
 * of, with the reason in {@link UserFiles#describe}'s words. Stateless; each write has a
 * temporary file of its own, so concurrent writers in one directory do not disturb each other.
 */
public final class AtomicWrite {
    private AtomicWrite() {}

    /** Replaces {@code file}'s content with {@code content} (creating it if it is not there). */
    public static void replace(Path file, byte[] content) throws IOException {
        try {
            replaceNamingTemporary(file, content);
        } catch (IOException e) {
            throw namingTheFile(file, e);
        }
    }

    private static void replaceNamingTemporary(Path file, byte[] content) throws IOException {
        Path temporary = writeTemporary(file, content);
        try {
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Creates {@code file} with {@code content}; false, and nothing changed, if a file of that name
     * is there already (another process made it first: a key must not be replaced under its user).
     */
    public static boolean create(Path file, byte[] content) throws IOException {
        try {
            return createNamingTemporary(file, content);
        } catch (IOException e) {
            throw namingTheFile(file, e);
        }
    }

    /** A failure of a write to {@code file} that names it, whatever file the failing call named. */
    private static FileSystemException namingTheFile(Path file, IOException failure) {
        FileSystemException named = new FileSystemException(file.toString(), null, UserFiles.describe(failure));
        named.initCause(failure);
        return named;
    }

    private static boolean createNamingTemporary(Path file, byte[] content) throws IOException {
        Path temporary = writeTemporary(file, content);
        try {
            try {
                Files.createLink(file, temporary); // fails instead of replacing
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (Files.exists(file)) {
                    return false;
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            }
            forceDirectory(file);
            return true;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static Path writeTemporary(Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        FileAttribute<?>[] ownerOnly = Files.getFileStore(directory).supportsFileAttributeView("posix")
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp", ownerOnly);
        try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.WRITE))) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        return temporary;
    }

    /** A new name reaches the disk with its directory, not with the file. */
    private static void forceDirectory(Path file) throws IOException {
        if (System.getProperty("os.name", "").startsWith("Windows")) {
            return; // a directory cannot be opened there; NTFS journals the name change itself
        }
        try (FileChannel directory = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
