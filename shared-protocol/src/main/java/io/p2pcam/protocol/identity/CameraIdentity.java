package io.p2pcam.protocol.identity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.XECPrivateKey;

/**
 * A camera's secret identity: its Ed25519 signing key and X25519 agreement key, with the public
 * half and the {@link CameraId} they define. Created once on a camera's first start and kept in its
 * state directory ({@link #toBytes()} / {@link #fromBytes(byte[])}; the file belongs to the owner
 * alone). Thread-safe: signing creates its own {@link Signature}.
 */
public final class CameraIdentity {
    private static final int FORMAT_VERSION = 1;
    private static final int MAGIC = 0x70326369; // "p2ci"

    private final KeyPair signing;
    private final KeyPair agreement;
    private final CameraPublicKey publicKey;
    private final CameraId id;

    private CameraIdentity(KeyPair signing, KeyPair agreement) {
        this.signing = signing;
        this.agreement = agreement;
        this.publicKey = CameraPublicKey.of(signing.getPublic(), agreement.getPublic());
        this.id = publicKey.id();
    }

    public static CameraIdentity generate(SecureRandom random) {
        try {
            KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
            ed.initialize(255, random);
            KeyPairGenerator x = KeyPairGenerator.getInstance("X25519");
            x.initialize(255, random);
            return new CameraIdentity(ed.generateKeyPair(), x.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Java runtime lacks Ed25519/X25519", e);
        }
    }

    public CameraId id() {
        return id;
    }

    public CameraPublicKey publicKey() {
        return publicKey;
    }

    /** The X25519 key pair: the camera's static key in the session handshake. */
    public KeyPair agreementKeyPair() {
        return agreement;
    }

    /** The X25519 key pair in the raw form the Noise handshake takes: the camera's static key {@code s}. */
    public io.p2pcam.protocol.noise.KeyPair noiseStaticKey() {
        byte[] scalar = ((XECPrivateKey) agreement.getPrivate())
                .getScalar()
                .orElseThrow(() -> new IllegalStateException("X25519 private key without a scalar"));
        return io.p2pcam.protocol.noise.KeyPair.fromPrivateKey(scalar);
    }

    /** An Ed25519 signature (64 bytes) of {@code length} bytes of {@code message} from {@code offset}. */
    public byte[] sign(byte[] message, int offset, int length) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(signing.getPrivate());
            signer.update(message, offset, length);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with a key we generated", e);
        }
    }

    /** The secret form for the camera's state directory: a small versioned container of both PKCS#8 keys. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeByte(FORMAT_VERSION);
            writeKeys(out, signing);
            writeKeys(out, agreement);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads what {@link #toBytes()} wrote; a damaged or foreign file is an {@link InvalidKeyException}. */
    public static CameraIdentity fromBytes(byte[] stored) throws InvalidKeyException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            if (in.readInt() != MAGIC || in.readByte() != FORMAT_VERSION) {
                throw new InvalidKeyException("not a p2pcam camera identity (or a newer format)");
            }
            KeyPair signing = readKeys(in, RawKeys.Algorithm.ED25519);
            KeyPair agreement = readKeys(in, RawKeys.Algorithm.X25519);
            return new CameraIdentity(signing, agreement);
        } catch (IOException e) {
            throw new InvalidKeyException("camera identity is truncated", e);
        }
    }

    private static void writeKeys(DataOutputStream out, KeyPair pair) throws IOException {
        byte[] secret = pair.getPrivate().getEncoded();
        out.writeShort(secret.length);
        out.write(secret);
        out.write(RawKeys.rawPublic(pair.getPublic()));
    }

    private static KeyPair readKeys(DataInputStream in, RawKeys.Algorithm algorithm)
            throws IOException, InvalidKeyException {
        int length = in.readUnsignedShort();
        if (length > 256) {
            throw new InvalidKeyException("camera identity has an implausible key length " + length);
        }
        PrivateKey secret = RawKeys.privateKey(algorithm, in.readNBytes(length));
        byte[] raw = in.readNBytes(RawKeys.KEY_BYTES);
        if (raw.length != RawKeys.KEY_BYTES) {
            throw new InvalidKeyException("camera identity is truncated");
        }
        return new KeyPair(RawKeys.publicKey(algorithm, raw), secret);
    }

    @Override
    public String toString() {
        return "CameraIdentity[" + id + "]"; // never the keys
    }
}
