package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudPass;
import io.p2pcam.protocol.pairing.Password;
import io.p2pcam.protocol.text.ShownName;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The payloads of the two handshake messages (docs/PROTOCOL.md §10.1), end-to-end encrypted by Noise
 * so that the cloud that carries them learns nothing: the viewer's password and session ID in the
 * first, the camera's verdict, session ID and stream description in the second. Version 2 adds
 * the pairing flags and binds both sides' candidates and the relay ticket.
 */
public final class SessionHello {
    static final int VERSION = 2;
    /** Candidates a hello carries at most (as CONNECT messages, §3.7). */
    public static final int MAX_CANDIDATES = 8;

    private static final int FLAG_PAIR = 0x01;
    private static final int FLAG_PAIRED = 0x01;
    public static final int MAX_PASSWORD_BYTES = 128;
    public static final int MAX_NAME_BYTES = 64;
    /** A cloud pass at the end of a CameraWelcome: pass id (8) and pass key (16). */
    static final int PASS_BYTES = 8 + CloudPass.KEY_BYTES;
    /**
     * Streams a CameraWelcome lists at most. With its count byte the list (19 bytes) stays shorter
     * than a pass, so that a viewer older than the list, which reads a pass when at least {@link
     * #PASS_BYTES} bytes follow the candidates, takes a list without a pass for trailing bytes.
     */
    public static final int MAX_STREAMS = 3;

    private SessionHello() {}

    /**
     * Whether a hello can carry {@code password} (at most {@value #MAX_PASSWORD_BYTES} bytes of
     * UTF-8, §10.1): a longer one can never reach a camera, so it is refused where it is given.
     */
    public static boolean carries(Password password) {
        return password.utf8Length() <= MAX_PASSWORD_BYTES;
    }

    /**
     * Viewer → camera, in handshake message 1. {@code candidates} are the viewer's own addresses,
     * authenticated here so that the cloud cannot add or change them; {@code pair} asks the camera
     * to keep this viewer's static key once the password is proven; an empty {@code password} says
     * "I believe I am paired".
     */
    public record ViewerHello(
            int viewerSessionId, boolean pair, List<Candidate> candidates, Password password, String viewerName) {
        public ViewerHello {
            candidates = List.copyOf(candidates.subList(0, Math.min(MAX_CANDIDATES, candidates.size())));
            // Shown in logs, pairing lists, talk notices (§10.1); only informative, so a long user@host
            // is shortened to what the field holds rather than refused.
            viewerName = ShownName.fit(ShownName.clean(viewerName), MAX_NAME_BYTES);
            if (!carries(password)) {
                throw new IllegalArgumentException("a password of at most 128 bytes of UTF-8");
            }
        }

        public byte[] encode() {
            byte[] password = this.password.utf8();
            byte[] name = utf8(viewerName);
            Writer out = new Writer(1 + 4 + 1 + candidatesLength(candidates) + 1 + password.length + 1 + name.length);
            out.u8(VERSION);
            out.int32(viewerSessionId);
            out.u8(pair ? FLAG_PAIR : 0);
            out.candidates(candidates);
            out.string(password);
            out.string(name);
            return out.bytes;
        }

        public static ViewerHello decode(byte[] in) throws SessionException {
            Reader reader = new Reader(in);
            reader.version();
            int sessionId = reader.int32();
            int flags = reader.u8();
            List<Candidate> candidates = reader.candidates();
            Password password = Password.of(reader.string(MAX_PASSWORD_BYTES));
            String name = reader.string(MAX_NAME_BYTES);
            return new ViewerHello(sessionId, (flags & FLAG_PAIR) != 0, candidates, password, name);
        }

        @Override
        public String toString() {
            return "ViewerHello[session=" + Integer.toUnsignedString(viewerSessionId) + ", pair=" + pair
                    + ", candidates=" + candidates + ", password=" + password + ", name=" + viewerName + "]";
        }
    }

    /**
     * Camera → viewer, in handshake message 2: whether the viewer is admitted and paired, what it
     * will receive, and (admitted only) the camera's own addresses and the relay ticket the camera
     * saw in the forward, both authenticated end to end, and the streams it has ({@code streams},
     * decision 0044; empty: not listed, as cameras older than the list send).
     */
    public record CameraWelcome(
            Verdict verdict,
            boolean paired,
            int cameraSessionId,
            int width,
            int height,
            int fps,
            long relayTicket,
            List<Candidate> candidates,
            CloudPass pass,
            List<StreamOffer> streams) {
        public CameraWelcome {
            candidates = List.copyOf(candidates.subList(0, Math.min(MAX_CANDIDATES, candidates.size())));
            Objects.requireNonNull(pass, "pass (CloudPass.NONE for none)");
            streams = List.copyOf(streams);
            if (streams.size() > MAX_STREAMS
                    || streams.stream().map(StreamOffer::stream).distinct().count() != streams.size()) {
                throw new IllegalArgumentException("at most " + MAX_STREAMS + " streams, each once: " + streams);
            }
        }

        /** A welcome without a cloud pass, listing no streams. */
        public CameraWelcome(
                Verdict verdict,
                boolean paired,
                int cameraSessionId,
                int width,
                int height,
                int fps,
                long relayTicket,
                List<Candidate> candidates) {
            this(
                    verdict,
                    paired,
                    cameraSessionId,
                    width,
                    height,
                    fps,
                    relayTicket,
                    candidates,
                    CloudPass.NONE,
                    List.of());
        }

        public byte[] encode() {
            int passLength = pass.present() ? PASS_BYTES : 0;
            int streamsLength = streams.isEmpty() ? 0 : 1 + StreamOffer.BYTES * streams.size();
            Writer out = new Writer(
                    1 + 1 + 1 + 4 + 2 + 2 + 1 + 8 + candidatesLength(candidates) + passLength + streamsLength);
            out.u8(VERSION);
            out.u8(verdict.code);
            out.u8(paired ? FLAG_PAIRED : 0);
            out.int32(cameraSessionId);
            out.u16(width);
            out.u16(height);
            out.u8(fps);
            out.int32((int) (relayTicket >>> 32));
            out.int32((int) relayTicket);
            out.candidates(candidates);
            if (pass.present()) {
                out.int32((int) (pass.id() >>> 32));
                out.int32((int) pass.id());
                out.raw(pass.key().toArray());
            }
            if (!streams.isEmpty()) {
                out.streams(streams);
            }
            return out.bytes;
        }

        public static CameraWelcome decode(byte[] in) throws SessionException {
            Reader reader = new Reader(in);
            reader.version();
            Verdict verdict = Verdict.fromCode(reader.u8());
            boolean paired = (reader.u8() & FLAG_PAIRED) != 0;
            int sessionId = reader.int32();
            int width = reader.u16();
            int height = reader.u16();
            int fps = reader.u8();
            long ticket = (long) reader.int32() << 32 | (reader.int32() & 0xffffffffL);
            List<Candidate> candidates = reader.candidates();
            CloudPass pass = CloudPass.NONE;
            if (reader.remaining() >= PASS_BYTES) {
                long id = (long) reader.int32() << 32 | (reader.int32() & 0xffffffffL);
                byte[] key = reader.raw(CloudPass.KEY_BYTES);
                pass = id == 0 ? CloudPass.NONE : new CloudPass(id, Bytes.of(key));
            }
            // The stream list follows the pass slot, or the candidates when fewer than a pass follow
            // them; what comes after it is trailing bytes (a newer camera's fields).
            List<StreamOffer> streams = reader.remaining() > 0 ? reader.streams() : List.of();
            return new CameraWelcome(verdict, paired, sessionId, width, height, fps, ticket, candidates, pass, streams);
        }

        /** The same welcome, saying whether the viewer is paired and giving a paired viewer its cloud pass. */
        public CameraWelcome withPairing(boolean paired, CloudPass pass) {
            return new CameraWelcome(
                    verdict, paired, cameraSessionId, width, height, fps, relayTicket, candidates, pass, streams);
        }

        @Override
        public String toString() {
            return "CameraWelcome[verdict=" + verdict + ", paired=" + paired + ", cameraSessionId=" + cameraSessionId
                    + ", " + width + "x" + height + "@" + fps + ", relayTicket=" + relayTicket + ", candidates="
                    + candidates + ", " + pass + ", streams=" + streams + "]";
        }

        public static CameraWelcome refused(Verdict verdict) {
            return new CameraWelcome(verdict, false, 0, 0, 0, 0, 0, List.of());
        }
    }

    /** The camera's decision on a viewer. */
    public enum Verdict {
        ADMITTED(0),
        WRONG_PASSWORD(1),
        TOO_MANY_ATTEMPTS(2),
        BUSY(3),
        /** The viewer sent no password and the camera does not know its key (forgotten or revoked). */
        PASSWORD_NEEDED(4),
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

    private static int candidatesLength(List<Candidate> candidates) {
        int length = 1;
        for (Candidate candidate : candidates) {
            length += candidate.encodedLength();
        }
        return length;
    }

    /** Fills an array of the exact size; candidates as in the cloud protocol (§3.7). */
    private static final class Writer {
        final byte[] bytes;
        private int at;

        Writer(int size) {
            bytes = new byte[size];
        }

        void u8(int value) {
            bytes[at++] = (byte) value;
        }

        void u16(int value) {
            u8(value >>> 8);
            u8(value);
        }

        void int32(int value) {
            at = putInt(bytes, at, value);
        }

        void string(byte[] utf8) {
            u8(utf8.length);
            System.arraycopy(utf8, 0, bytes, at, utf8.length);
            at += utf8.length;
        }

        void raw(byte[] value) {
            System.arraycopy(value, 0, bytes, at, value.length);
            at += value.length;
        }

        void streams(List<StreamOffer> streams) {
            u8(streams.size());
            for (StreamOffer offer : streams) {
                u8(offer.stream().code());
                u16(offer.width());
                u16(offer.height());
                u8(offer.fps());
            }
        }

        void candidates(List<Candidate> candidates) {
            u8(candidates.size());
            for (Candidate candidate : candidates) {
                byte[] ip = candidate.ip().getAddress();
                u8(candidate.kind().code());
                u8(ip.length == 4 ? 4 : 6);
                System.arraycopy(ip, 0, bytes, at, ip.length);
                at += ip.length;
                u16(candidate.address().getPort());
            }
        }
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

        int remaining() {
            return in.length - at;
        }

        byte[] raw(int length) throws SessionException {
            need(length);
            byte[] value = Arrays.copyOfRange(in, at, at + length);
            at += length;
            return value;
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

        /** A candidate list; candidates of a kind this version does not know are skipped (newer peers). */
        List<Candidate> candidates() throws SessionException {
            int count = u8();
            if (count > MAX_CANDIDATES) {
                throw new SessionException("hello carries " + count + " candidates, at most " + MAX_CANDIDATES);
            }
            List<Candidate> candidates = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int kind = u8();
                int family = u8();
                if (family != 4 && family != 6) {
                    throw new SessionException("candidate address family " + family);
                }
                need(family == 4 ? 4 : 16);
                byte[] ip = Arrays.copyOfRange(in, at, at + (family == 4 ? 4 : 16));
                at += ip.length;
                int port = u16();
                Candidate.Kind known = kind == Candidate.Kind.LOCAL.code()
                        ? Candidate.Kind.LOCAL
                        : kind == Candidate.Kind.REFLEXIVE.code() ? Candidate.Kind.REFLEXIVE : null;
                if (known != null) {
                    try {
                        candidates.add(new Candidate(known, new InetSocketAddress(InetAddress.getByAddress(ip), port)));
                    } catch (UnknownHostException e) {
                        throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
                    }
                }
            }
            return candidates;
        }

        /**
         * A stream list: streams of a code this version does not know are skipped (a newer camera's);
         * a known stream listed twice, or of no size, is the camera's error.
         */
        List<StreamOffer> streams() throws SessionException {
            int count = u8();
            if (count > MAX_STREAMS) {
                throw new SessionException("welcome lists " + count + " streams, at most " + MAX_STREAMS);
            }
            List<StreamOffer> streams = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                VideoStream stream = VideoStream.fromCode(u8());
                int width = u16();
                int height = u16();
                int fps = u8();
                if (stream == VideoStream.UNKNOWN) {
                    continue;
                }
                if (width == 0 || height == 0 || streams.stream().anyMatch(offer -> offer.stream() == stream)) {
                    throw new SessionException("welcome lists " + stream + " twice or without a size");
                }
                streams.add(new StreamOffer(stream, width, height, fps));
            }
            return streams;
        }

        private void need(int bytes) throws SessionException {
            if (in.length - at < bytes) {
                throw new SessionException("hello is truncated");
            }
        }
    }
}
