package io.p2pcam.camera.cli;

import io.p2pcam.camera.identity.IdentityStore;
import io.p2pcam.runtime.AtomicWrite;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The camera's password: where it comes from and what is good enough. Viewers prove it once, to
 * pair (docs/PROTOCOL.md §10.1), so it only has to resist guessing at the camera's budget (≈ 300
 * guesses a day at most): 12 characters with some variety, and none of the commonest patterns.
 * When none is given the camera makes one (about 100 bits), keeps it owner-only in its state
 * directory as {@value #FILE_NAME} and shows it once on a terminal. Stateless.
 */
final class CameraPassword {
    static final String FILE_NAME = "password";
    static final int MIN_LENGTH = 12;
    private static final int MIN_DISTINCT = 6;
    private static final String[] COMMON = {"password", "123456", "qwerty", "azerty", "letmein", "admin"};
    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base 32

    private CameraPassword() {}

    /** Why {@code password} is too weak, or null when it is good enough. */
    static String weakness(String password) {
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return "shorter than " + MIN_LENGTH + " characters";
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            return "fewer than " + MIN_DISTINCT + " different characters";
        }
        String lower = password.toLowerCase(Locale.ROOT);
        for (String common : COMMON) {
            if (lower.contains(common)) {
                return "contains \"" + common + "\"";
            }
        }
        return null;
    }

    /** Four groups of five base-32 characters: 100 random bits, easy to read out and type. */
    static String generate(SecureRandom random) {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /**
     * The password kept in {@code stateDir}, or null when there is none. One that cannot be read
     * (not text, a directory) is left as it is for its owner, and the error names it and says what
     * to do: making a new one silently would lock out every viewer that has yet to pair.
     */
    static String stored(Path stateDir) throws IOException {
        Path file = stateDir.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return UserFiles.firstLine(file);
        } catch (IOException e) {
            throw new IOException("cannot use " + file + ": " + UserFiles.describe(e)
                    + "; restore it, or move it away and the camera makes a new password (viewers already paired"
                    + " keep working; those that pair later need the new one)");
        }
    }

    /**
     * Makes a password and keeps it in {@code stateDir}, owner-only, in place of an empty one (what an
     * earlier version left when its write was cut short); returns it.
     */
    static String generateAndStore(Path stateDir, SecureRandom random) throws IOException {
        String password = generate(random);
        Path file = stateDir.resolve(FILE_NAME);
        try {
            // Owner-only like the identity's directory (IdentityStore), which may be made after this.
            UserFiles.createOwnerOnlyDirectory(stateDir);
            // Atomic: a power cut or a full disk leaves no empty password file, which no start could use.
            AtomicWrite.replace(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(
                    "cannot keep the camera's new password in " + file + ": " + UserFiles.describe(e) + "; "
                            + IdentityStore.CHOOSE_ANOTHER_STATE_DIR + ", or give the password with --password-file",
                    e);
        }
        return password;
    }
}
