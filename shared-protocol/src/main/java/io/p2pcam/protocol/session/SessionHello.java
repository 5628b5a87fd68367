package io.p2pcam.protocol.session;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The payloads of the two handshake messages (docs/PROTOCOL.md §10.1), end-to-end encrypted by Noise
 * so that the cloud that carries them learns nothing: the viewer's password and session ID in the
 * first, the camera's verdict, session ID and stream description in the second.
 */
public final class SessionHello {
    static final int VERSION = 1;
    public static final int MAX_PASSWORD_BYTES = 128;
    public static final int MAX_NAME_BYTES = 64;

    private SessionHello() {}

    /** Viewer → camera, in handshake message 1. */
    public record ViewerHello(int viewerSessionId, String password, String viewerName) {
        public ViewerHello {
            if (utf8(password).length > MAX_PASSWORD_BYTES || utf8(viewerName).length > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("password ≤ 128 and name ≤ 64 bytes of UTF-8");
            }
        }

        /** Never the password: records end up in logs and exception messages. */
        @Override
        public String toString() {
            return "ViewerHello[viewerSessionId=" + Integer.toUnsignedString(viewerSessionId)
                    + ", password=(redacted), viewerName=" + viewerName + "]";
        }

        public byte[] encode() {
            byte[] password = utf8(this.password);
            byte[] name = utf8(viewerName);
            byte[] out = new byte[1 + 4 + 1 + password.length + 1 + name.length];
            int at = 0;
            out[at++] = VERSION;
            at = putInt(out, at, viewerSessionId);
            out[at++] = (byte) password.length;
            System.arraycopy(password, 0, out, at, password.length);
            at += password.length;
            out[at++] = (byte) name.length;
            System.arraycopy(name, 0, out, at, name.length);
            return out;
        }

        public static ViewerHello decode(byte[] in) throws SessionException {
            Reader reader = new Reader(in);
            reader.version();
            int sessionId = reader.int32();
            String password = reader.string(MAX_PASSWORD_BYTES);
            String name = reader.string(MAX_NAME_BYTES);
            return new ViewerHello(sessionId, password, name);
        }
    }

    /** Camera → viewer, in handshake message 2: whether the viewer is admitted, and what it will receive. */
    public record CameraWelcome(Verdict verdict, int cameraSessionId, int width, int height, int fps) {
        public byte[] encode() {
            byte[] out = new byte[1 + 1 + 4 + 2 + 2 + 1];
            out[0] = VERSION;
            out[1] = (byte) verdict.code;
            putInt(out, 2, cameraSessionId);
            out[6] = (byte) (width >>> 8);
            out[7] = (byte) width;
            out[8] = (byte) (height >>> 8);
            out[9] = (byte) height;
            out[10] = (byte) fps;
            return out;
        }

        public static CameraWelcome decode(byte[] in) throws SessionException {
            Reader reader = new Reader(in);
            reader.version();
            Verdict verdict = Verdict.fromCode(reader.u8());
            return new CameraWelcome(verdict, reader.int32(), reader.u16(), reader.u16(), reader.u8());
        }

        public static CameraWelcome refused(Verdict verdict) {
            return new CameraWelcome(verdict, 0, 0, 0, 0);
        }
    }

    /** The camera's decision on a viewer. */
    public enum Verdict {
        ADMITTED(0),
        WRONG_PASSWORD(1),
        TOO_MANY_ATTEMPTS(2),
        BUSY(3),
        UNKNOWN(255);

        private final int code;

        Verdict(int code) {
            this.code = code;
        }

        static Verdict fromCode(int code) {
            for (Verdict verdict : values()) {
                if (verdict.code == code) {
                    return verdict;
                }
            }
            return UNKNOWN;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int putInt(byte[] out, int at, int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
        return at + 4;
    }

    /** Bounded reads; running out is a malformed hello from an authenticated peer. */
    private static final class Reader {
        private final byte[] in;
        private int at;

        Reader(byte[] in) {
            this.in = in;
        }

        void version() throws SessionException {
            int version = u8();
            if (version != VERSION) {
                throw new SessionException("peer speaks session version " + version + ", this end " + VERSION);
            }
        }

        int u8() throws SessionException {
            need(1);
            return in[at++] & 0xff;
        }

        int u16() throws SessionException {
            return u8() << 8 | u8();
        }

        int int32() throws SessionException {
            return u16() << 16 | u16();
        }

        String string(int max) throws SessionException {
            int length = u8();
            if (length > max) {
                throw new SessionException("hello field of " + length + " bytes exceeds " + max);
            }
            need(length);
            String value;
            try {
                // Strict: a byte that is not UTF-8 is the sender's error, never a U+FFFD that would
                // make the decoded text longer than the field allows (issue 12).
                value = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(in, at, length))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new SessionException("hello field is not valid UTF-8", e);
            }
            at += length;
            return value;
        }

        private void need(int bytes) throws SessionException {
            if (in.length - at < bytes) {
                throw new SessionException("hello is truncated");
            }
        }
    }
}
