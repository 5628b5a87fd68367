package io.p2pcam.protocol.cloud;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A paired viewer's pass at the cloud (docs/PROTOCOL.md §5.3, "Cloud passes"): lets the cloud tell
 * a paired viewer's CONNECT_REQUEST from a stranger's without learning who the viewer is, so that
 * strangers filling a camera's connect cap do not delay the viewers it has paired with.
 *
 * <pre>
 * camera pass key P = the cloud's secret for this camera (16 bytes), delivered sealed in REGISTERED (§4.8)
 * pass id         = first 8 bytes of SHA-256("p2pcam pass id v1\0" ‖ viewer static key), never 0
 * pass key        = first 16 bytes of HMAC-SHA256(P, "p2pcam viewer pass v1\0" ‖ pass id)
 * tag             = first 16 bytes of HMAC-SHA256(pass key, "p2pcam connect pass v1\0" ‖ CONNECT_REQUEST bytes 12 … end of handshake)
 * </pre>
 *
 * The camera gives a paired viewer its pass id and pass key inside the end-to-end encrypted
 * CameraWelcome; the cloud, which can compute P from the camera's key, recomputes the pass key
 * from the id and checks the tag. The tag covers the handshake, whose timestamp the cloud checks
 * for freshness: a pass seen on the wire does not make another request pass.
 *
 * @param id the pass id, 0 for none
 * @param key the viewer's pass key, empty for none
 */
public record CloudPass(long id, Bytes key) {
    public static final int CAMERA_KEY_BYTES = 16;
    public static final int KEY_BYTES = 16;
    public static final int TAG_BYTES = 16;
    /** Pass id and tag, as they follow the handshake in a CONNECT_REQUEST. */
    public static final int WIRE_BYTES = 8 + TAG_BYTES;

    public static final CloudPass NONE = new CloudPass(0, Bytes.EMPTY);

    private static final byte[] ID_CONTEXT = ResumeSecrets.context("p2pcam pass id v1\0");
    private static final byte[] KEY_CONTEXT = ResumeSecrets.context("p2pcam viewer pass v1\0");
    private static final byte[] TAG_CONTEXT = ResumeSecrets.context("p2pcam connect pass v1\0");

    public CloudPass {
        Objects.requireNonNull(key, "key");
        if (id == 0 ? key.length() != 0 : key.length() != KEY_BYTES) {
            throw new IllegalArgumentException("a pass is a non-zero id and a " + KEY_BYTES + "-byte key, or NONE");
        }
    }

    /** The camera's side: the pass of the viewer with {@code viewerStaticKey}, under the camera's pass key. */
    public static CloudPass issue(Bytes cameraPassKey, Bytes viewerStaticKey) {
        long id = passId(viewerStaticKey);
        return new CloudPass(id, passKey(cameraPassKey, id));
    }

    /** The pass key of pass {@code id} under a camera's pass key: what the cloud recomputes. */
    public static Bytes passKey(Bytes cameraPassKey, long id) {
        byte[] idBytes = new byte[8];
        for (int i = 0; i < 8; i++) {
            idBytes[i] = (byte) (id >>> (56 - 8 * i));
        }
        return Bytes.of(Arrays.copyOf(ResumeSecrets.hmac(cameraPassKey.toArray(), KEY_CONTEXT, idBytes), KEY_BYTES));
    }

    /** The tag of a CONNECT_REQUEST's covered bytes ({@link CloudCodec#passCoveredBytes}) under {@code passKey}. */
    public static Bytes tag(Bytes passKey, byte[] covered) {
        return Bytes.of(Arrays.copyOf(ResumeSecrets.hmac(passKey.toArray(), TAG_CONTEXT, covered), TAG_BYTES));
    }

    public boolean present() {
        return id != 0;
    }

    @Override
    public String toString() {
        return present() ? "CloudPass[id=" + Long.toHexString(id) + "]" : "CloudPass[none]"; // never the key
    }

    private static long passId(Bytes viewerStaticKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(ID_CONTEXT);
            byte[] digest = sha256.digest(viewerStaticKey.toArray());
            long id = 0;
            for (int i = 0; i < 8; i++) {
                id = id << 8 | digest[i] & 0xff;
            }
            return id == 0 ? 1 : id; // 0 means "no pass" on the wire
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
