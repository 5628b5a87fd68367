package io.p2pcam.viewer.config;

import io.p2pcam.protocol.noise.KeyPair;
import io.p2pcam.runtime.AtomicWrite;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            // Forced to disk before it takes its name; a key another viewer made meanwhile is kept and used.
            AtomicWrite.create(
                    file, (HexFormat.of().formatHex(key.privateKey()) + "\n").getBytes(StandardCharsets.US_ASCII));
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
}
