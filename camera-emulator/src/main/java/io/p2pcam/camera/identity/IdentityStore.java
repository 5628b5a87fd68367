package io.p2pcam.camera.identity;

import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.runtime.AtomicWrite;
import io.p2pcam.runtime.UserFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Set;

/**
 * The camera's state directory and the secret identity kept in it ({@value #KEY_FILE}, the bytes
 * of {@link CameraIdentity#toBytes()}). The key file is created owner-only ({@code rw-------}) from
 * the first byte on: it is written to a temporary file that was created with those permissions,
 * forced to disk and then linked into place ({@link AtomicWrite}), so no other user can ever read
 * it, and an interrupted write never leaves a half-written or empty key, not even after a power
 * cut. On a file system without POSIX permissions (Windows) the directory's access rules apply.
 *
 * <p>Stateless; concurrent first starts in one directory are resolved by the link, which fails instead of replacing (one
 * identity wins, and both callers then load it).
 */
public final class IdentityStore {
    public static final String KEY_FILE = "camera.key";
    /** What to do about a state directory this user cannot make or write: said after why. */
    public static final String CHOOSE_ANOTHER_STATE_DIR =
            "choose another --state-dir (or P2PCAM_STATE_DIR) that this user can write";

    private static final String MOVE_IT_AWAY = "move it away to create a new identity, which gives the camera a new ID";
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private IdentityStore() {}

    /**
     * Loads the identity from {@code stateDir}, or creates the directory and a new identity if
     * there is none yet.
     *
     * @throws IdentityStoreException with a one-line message for people: the key file is readable
     *     by others, damaged, unreadable, or the directory cannot be created
     */
    public static CameraIdentity loadOrCreate(Path stateDir, SecureRandom random) throws IdentityStoreException {
        Path keyFile = stateDir.resolve(KEY_FILE);
        if (Files.exists(keyFile)) {
            return load(keyFile);
        }
        createDirectory(stateDir);
        CameraIdentity identity = CameraIdentity.generate(random);
        if (!publish(keyFile, identity.toBytes())) {
            return load(keyFile); // another process created it first
        }
        return identity;
    }

    /** Loads an existing key file, refusing one that group or others may read. */
    public static CameraIdentity load(Path keyFile) throws IdentityStoreException {
        // Before the permissions: a directory's rwx bits would otherwise earn advice to chmod it.
        if (Files.isDirectory(keyFile)) {
            throw new IdentityStoreException(keyFile + " is a directory, not a camera identity; " + MOVE_IT_AWAY);
        }
        checkOwnerOnly(keyFile);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(keyFile);
        } catch (NoSuchFileException e) {
            throw new IdentityStoreException("no camera identity at " + keyFile);
        } catch (AccessDeniedException e) {
            throw new IdentityStoreException("cannot read " + keyFile + ": permission denied");
        } catch (IOException e) {
            throw new IdentityStoreException("cannot read " + keyFile + ": " + UserFiles.describe(e));
        }
        try {
            return CameraIdentity.fromBytes(bytes);
        } catch (InvalidKeyException e) {
            throw new IdentityStoreException(keyFile + " is damaged (" + e.getMessage() + "); " + MOVE_IT_AWAY);
        }
    }

    private static void checkOwnerOnly(Path keyFile) throws IdentityStoreException {
        PosixFileAttributeView posix = Files.getFileAttributeView(keyFile, PosixFileAttributeView.class);
        if (posix == null) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = posix.readAttributes().permissions();
        } catch (IOException e) {
            throw new IdentityStoreException(
                    "cannot read the permissions of " + keyFile + ": " + UserFiles.describe(e));
        }
        if (!OWNER_ONLY.containsAll(permissions) || permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
            throw new IdentityStoreException(keyFile + " is accessible by others ("
                    + PosixFilePermissions.toString(permissions) + "); it holds the camera's secret key: "
                    + "run chmod 600 " + keyFile + " if nobody else could have read it");
        }
    }

    private static void createDirectory(Path stateDir) throws IdentityStoreException {
        try {
            UserFiles.createOwnerOnlyDirectory(stateDir);
        } catch (FileAlreadyExistsException e) {
            throw new IdentityStoreException("state directory " + stateDir + " exists but is not a directory");
        } catch (IOException e) {
            throw new IdentityStoreException("cannot make the state directory " + stateDir + ": "
                    + UserFiles.describe(e) + "; " + CHOOSE_ANOTHER_STATE_DIR);
        }
    }

    /** Writes the key beside its final name, forced to disk, and links it there; false if the name was taken meanwhile. */
    private static boolean publish(Path keyFile, byte[] secret) throws IdentityStoreException {
        try {
            return AtomicWrite.create(keyFile, secret);
        } catch (IOException e) {
            throw new IdentityStoreException(
                    "cannot write " + keyFile + ": " + UserFiles.describe(e) + "; " + CHOOSE_ANOTHER_STATE_DIR);
        }
    }
}
