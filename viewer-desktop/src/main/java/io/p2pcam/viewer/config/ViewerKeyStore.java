package io.p2pcam.viewer.config;

import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * This viewer installation's static X25519 key (docs/PROTOCOL.md §10.1), with which cameras pair:
 * {@value #FILE_NAME} in the config directory, the private key in hex, created owner-only
 * ({@code rw-------}) on first use and never rewritten. Losing it unpairs this viewer from every
 * camera (each asks for its password again). Stateless.
 */
public final class ViewerKeyStore {
    public static final String FILE_NAME = "viewer.key";

    private ViewerKeyStore() {}

    public static KeyPair loadOrCreate(Path directory, SecureRandom random) throws IOException {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            UserFiles.createOwnerOnlyDirectory(directory);
            KeyPair key = KeyPair.generate(random);
            FileAttribute<?>[] ownerOnly = ownerOnly(directory);
            Path temporary = directory.resolve(FILE_NAME + ".new");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, ownerOnly);
            Files.writeString(temporary, HexFormat.of().formatHex(key.privateKey()) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(temporary); // another viewer made one first: use it
            }
        }
        byte[] secret;
        try {
            secret = HexFormat.of()
                    .parseHex(Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a viewer key; move it away to make a new one", e);
        }
        if (secret.length != 32) {
            throw new IOException(file + " does not hold a 32-byte key; move it away to make a new one");
        }
        return KeyPair.fromPrivateKey(secret);
    }

    /** Read and write for the owner alone ({@code rw-------}) where {@code directory}'s file system has POSIX permissions. */
    static FileAttribute<?>[] ownerOnly(Path directory) throws IOException {
        return Files.getFileStore(directory).supportsFileAttributeView("posix")
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }
}
