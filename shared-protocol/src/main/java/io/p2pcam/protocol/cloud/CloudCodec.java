package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.cloud.CloudDecodeException.Reason;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectAnswer;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectRequest;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectResult;
import io.p2pcam.protocol.cloud.CloudMessage.ConnectStatus;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.KeepaliveAck;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.CloudMessage.LookupResult;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes and decodes cloud messages (docs/PROTOCOL.md §3). Pure and stateless; decoding never
 * throws anything but {@link CloudDecodeException} on any input, and ignores trailing bytes so that
 * later versions can append fields.
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |  magic 'P'    |  magic 'C'    |  version = 1  |  type         |
 *  +---------------+---------------+---------------+---------------+
 *  |                   transaction ID (64 bits)                    |
 *  |                                                               |
 *  +---------------+---------------+---------------+---------------+
 *  |                 body (per type, big-endian)  ...
 * </pre>
 */
public final class CloudCodec {
    public static final int MAGIC = 0x5043; // "PC"
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 12;
    /** No cloud datagram is larger: it fits any path's MTU with room for tunnels. */
    public static final int MAX_DATAGRAM = 1200;

    public static final int COOKIE_BYTES = 24;
    public static final int TOKEN_BYTES = 16;
    public static final int SIGNATURE_BYTES = 64;
    public static final int MAX_CANDIDATES = 8;
    public static final int MAX_HANDSHAKE = 512;
    /** Largest candidate on the wire: kind, family, IPv6 address, port. */
    public static final int MAX_CANDIDATE_BYTES = 20;
    /** Smallest candidate on the wire: kind, family, IPv4 address, port. */
    public static final int MIN_CANDIDATE_BYTES = 8;
    /** Largest reply to a LOOKUP: header, status, key. */
    public static final int MAX_LOOKUP_RESULT = HEADER_BYTES + 1 + CameraPublicKey.BYTES;
    /**
     * Largest reply to a CONNECT_REQUEST without a relay grant: header, status, candidates,
     * handshake (688 bytes, below {@link #MIN_CONNECT_REQUEST}). With the {@link RelayGrant} it may
     * reach 712, and 732 with the grant's relay node (an IPv6 candidate, §3.10.12); the cloud then
     * sends it only if it is no larger than the request (§6.2).
     */
    public static final int MAX_CONNECT_RESULT =
            HEADER_BYTES + 1 + 1 + MAX_CANDIDATES * MAX_CANDIDATE_BYTES + 2 + MAX_HANDSHAKE;
    /** LOOKUPs are padded to this size so that no reply is larger than its request. */
    public static final int MIN_LOOKUP = 96;
    /** CONNECT_REQUESTs are padded to this size so that no reply is larger than its request. */
    public static final int MIN_CONNECT_REQUEST = 700;
    /** What a REGISTER signature covers, before the message bytes: keeps it from meaning anything else. */
    private static final byte[] REGISTER_SIGNATURE_CONTEXT = "p2pcam register v1\0".getBytes(StandardCharsets.US_ASCII);
    /** What a RESUME proof covers, before the message bytes. */
    private static final byte[] RESUME_PROOF_CONTEXT = "p2pcam resume v1\0".getBytes(StandardCharsets.US_ASCII);

    private CloudCodec() {}

    /** The length of {@link #encode}'s result for {@code message}, without encoding it (REGISTERED only, §6.2). */
    public static int encodedLength(Registered message) {
        int reflexive = message.reflexive().ip().getAddress().length == 4 ? 8 : 20;
        ResumeGrant grant = message.resume();
        int resume =
                grant.present() ? ResumeGrant.WIRE_BYTES + grant.sealedPassKey().length() : 0;
        return HEADER_BYTES + reflexive + TOKEN_BYTES + 4 + 4 + 1 + resume;
    }

    /**
     * Each thread's writer for {@link #encode}, reused: the cloud encodes an answer to every stateless
     * request (hundreds of thousands a second a core), and a writer of its own cost each answer two
     * allocations besides the answer's array, the writer and its first array (168 of the 696 bytes a
     * LOOKUP allocated; LookupAllocationBenchmarkTest). Nothing this class does while writing calls
     * {@link #encode} again, so one writer a thread is enough.
     */
    private static final ThreadLocal<WireWriter> ENCODER = ThreadLocal.withInitial(() -> new WireWriter(MAX_DATAGRAM));

    public static byte[] encode(CloudMessage message) {
        WireWriter out = ENCODER.get().reset();
        writeHeaderAndBody(out, message);
        return out.toArray();
    }

    private static void writeHeaderAndBody(WireWriter out, CloudMessage message) {
        out.u16(MAGIC).u8(VERSION).u8(message.type().code()).u64(message.transaction());
        switch (message) {
            case RegisterHello m -> out.raw(m.key().toBytes());
            case RegisterChallenge m -> out.bytes(m.cookie());
            case Register m -> writeRegisterSigned(out, m).bytes(m.signature());
            case Registered m ->
                out.candidate(m.reflexive())
                        .bytes(m.token())
                        .u32(m.keepaliveMillis())
                        .u32(m.expiryMillis())
                        .u8(m.flags())
                        .raw(resumeGrant(m.resume()));
            case Resume m -> writeResumeProven(out, m).bytes(m.proof());
            case Keepalive m -> out.raw(m.id().toBytes()).bytes(m.token());
            case KeepaliveAck m -> out.u32(m.keepaliveMillis());
            case Lookup m -> out.raw(m.id().toBytes()).padTo(MIN_LOOKUP);
            case LookupResult m -> {
                out.u8(m.found() ? 0 : 1);
                if (m.found()) {
                    out.raw(m.key().toBytes());
                }
            }
            case ConnectRequest m -> {
                writePassCovered(out, m);
                if (m.pass().present()) {
                    out.u64(m.pass().passId()).bytes(m.pass().tag());
                }
                out.padTo(MIN_CONNECT_REQUEST);
            }
            case ConnectForward m ->
                relayGrant(out.candidates(m.viewerCandidates()).blob(m.handshake()), m.relay())
                        .bytes(m.tag());
            case ConnectAnswer m ->
                out.raw(m.id().toBytes())
                        .bytes(m.token())
                        .u8(m.accept() ? 1 : 0)
                        .candidates(m.candidates())
                        .blob(m.handshake());
            case ConnectResult m -> {
                relayGrant(out.u8(m.status().code()).candidates(m.candidates()).blob(m.handshake()), m.relay());
                if (m.relay().relayNode() != null) {
                    out.candidate(new Candidate(Candidate.Kind.RELAY, m.relay().relayNode()));
                }
            }
            case ErrorReply m -> out.u16(m.code().code());
        }
    }

    private static byte[] resumeGrant(ResumeGrant grant) {
        if (!grant.present()) {
            return new byte[0];
        }
        byte[] wire = new byte[ResumeGrant.WIRE_BYTES + grant.sealedPassKey().length()];
        grant.ephemeral().copyTo(wire, 0);
        grant.sealed().copyTo(wire, ResumeGrant.KEY_BYTES);
        grant.ticket().copyTo(wire, ResumeGrant.KEY_BYTES + ResumeGrant.SECRET_BYTES);
        grant.sealedPassKey().copyTo(wire, ResumeGrant.WIRE_BYTES);
        return wire;
    }

    private static WireWriter writeResumeProven(WireWriter out, Resume m) {
        return out.raw(m.key().toBytes()).bytes(m.cookie()).bytes(m.ticket());
    }

    /**
     * The bytes a RESUME's proof covers: a context string, then the message as encoded up to the
     * proof (docs/PROTOCOL.md §4.8).
     */
    public static byte[] resumeProvenBytes(long transaction, CameraPublicKey key, Bytes cookie, Bytes ticket) {
        WireWriter out = new WireWriter(MAX_DATAGRAM);
        out.raw(RESUME_PROOF_CONTEXT)
                .u16(MAGIC)
                .u8(VERSION)
                .u8(MessageType.RESUME.code())
                .u64(transaction);
        byte[] noProof = new byte[ResumeGrant.PROOF_BYTES];
        writeResumeProven(out, new Resume(transaction, key, cookie, ticket, Bytes.of(noProof)));
        return out.toArray();
    }

    private static WireWriter writeRegisterSigned(WireWriter out, Register m) {
        return out.raw(m.key().toBytes()).bytes(m.cookie()).candidates(m.candidates());
    }

    /**
     * The bytes a REGISTER's signature covers: a context string, then the message as encoded up to
     * the signature. A decoded REGISTER re-encodes to the same bytes (the encoding is canonical).
     */
    public static byte[] registerSignedBytes(
            long transaction, CameraPublicKey key, Bytes cookie, List<Candidate> candidates) {
        WireWriter out = new WireWriter(MAX_DATAGRAM);
        out.raw(REGISTER_SIGNATURE_CONTEXT)
                .u16(MAGIC)
                .u8(VERSION)
                .u8(MessageType.REGISTER.code())
                .u64(transaction);
        writeRegisterSigned(out, new Register(transaction, key, cookie, candidates, Bytes.EMPTY));
        return out.toArray();
    }

    public static CloudMessage decode(byte[] data) throws CloudDecodeException {
        return decode(data, 0, data.length);
    }

    public static CloudMessage decode(byte[] data, int offset, int length) throws CloudDecodeException {
        if (length > MAX_DATAGRAM) {
            throw new CloudDecodeException(Reason.TOO_LONG, length + " bytes exceed " + MAX_DATAGRAM);
        }
        if (length < HEADER_BYTES) {
            throw new CloudDecodeException(Reason.TOO_SHORT, length + " bytes, the header alone has " + HEADER_BYTES);
        }
        WireReader in = new WireReader(data, offset, length);
        if (in.u16("magic") != MAGIC) {
            throw new CloudDecodeException(Reason.BAD_MAGIC, "not a p2pcam cloud message");
        }
        int version = in.u8("version");
        if (version != VERSION) {
            throw new CloudDecodeException(Reason.BAD_VERSION, "version " + version + ", this end speaks " + VERSION);
        }
        MessageType type = MessageType.fromCode(in.u8("type"));
        long txn = in.u64("transaction");
        return switch (type) {
            case REGISTER_HELLO -> new RegisterHello(txn, key(in));
            case REGISTER_CHALLENGE -> new RegisterChallenge(txn, in.bytes(COOKIE_BYTES, "cookie"));
            case REGISTER ->
                new Register(
                        txn,
                        key(in),
                        in.bytes(COOKIE_BYTES, "cookie"),
                        in.candidates(MAX_CANDIDATES, "candidates"),
                        in.bytes(SIGNATURE_BYTES, "signature"));
            case REGISTERED ->
                new Registered(
                        txn,
                        in.candidate("reflexive"),
                        in.bytes(TOKEN_BYTES, "token"),
                        in.u32("keepalive"),
                        in.u32("expiry"),
                        in.u8("flags"),
                        resumeGrant(in));
            case RESUME ->
                new Resume(
                        txn,
                        key(in),
                        in.bytes(COOKIE_BYTES, "cookie"),
                        in.bytes(ResumeGrant.TICKET_BYTES, "ticket"),
                        in.bytes(ResumeGrant.PROOF_BYTES, "proof"));
            case KEEPALIVE -> new Keepalive(txn, id(in), in.bytes(TOKEN_BYTES, "token"));
            case KEEPALIVE_ACK -> new KeepaliveAck(txn, in.u32("keepalive"));
            case LOOKUP -> {
                requirePadding(length, MIN_LOOKUP, type);
                yield new Lookup(txn, id(in));
            }
            case LOOKUP_RESULT -> lookupResult(in, txn);
            case CONNECT_REQUEST -> {
                requirePadding(length, MIN_CONNECT_REQUEST, type);
                yield new ConnectRequest(
                        txn,
                        id(in),
                        in.candidates(MAX_CANDIDATES, "candidates"),
                        in.blob(MAX_HANDSHAKE, "handshake"),
                        passTag(in));
            }
            case CONNECT_FORWARD -> connectForward(in, txn);
            case CONNECT_ANSWER ->
                new ConnectAnswer(
                        txn,
                        id(in),
                        in.bytes(TOKEN_BYTES, "token"),
                        decision(in),
                        in.candidates(MAX_CANDIDATES, "candidates"),
                        in.blob(MAX_HANDSHAKE, "handshake"));
            case CONNECT_RESULT -> connectResult(in, txn);
            case ERROR -> new ErrorReply(txn, ErrorCode.fromCode(in.u16("error code")));
            case UNKNOWN ->
                throw new CloudDecodeException(Reason.UNKNOWN_TYPE, "type code unknown to version " + VERSION);
        };
    }

    private static void requirePadding(int length, int minimum, MessageType type) throws CloudDecodeException {
        if (length < minimum) {
            throw new CloudDecodeException(
                    Reason.NOT_PADDED, type + " of " + length + " bytes, must be padded to " + minimum);
        }
    }

    private static CameraPublicKey key(WireReader in) throws CloudDecodeException {
        int at = in.skip(CameraPublicKey.BYTES, "camera key");
        return CameraPublicKey.fromBytes(in.array(), at);
    }

    private static CameraId id(WireReader in) throws CloudDecodeException {
        int at = in.skip(CameraId.BYTES, "camera ID");
        return CameraId.fromBytes(Arrays.copyOfRange(in.array(), at, at + CameraId.BYTES));
    }

    private static boolean decision(WireReader in) throws CloudDecodeException {
        int decision = in.u8("decision");
        if (decision > 1) {
            throw new CloudDecodeException(Reason.BAD_FIELD, "decision " + decision + " is neither 0 nor 1");
        }
        return decision == 1;
    }

    private static LookupResult lookupResult(WireReader in, long txn) throws CloudDecodeException {
        int status = in.u8("status");
        return switch (status) {
            case 0 -> new LookupResult(txn, key(in));
            case 1 -> LookupResult.unavailable(txn);
            default -> throw new CloudDecodeException(Reason.BAD_FIELD, "lookup status " + status);
        };
    }

    private static ConnectResult connectResult(WireReader in, long txn) throws CloudDecodeException {
        ConnectStatus status = ConnectStatus.fromCode(in.u8("status"));
        if (status == null) {
            throw new CloudDecodeException(Reason.BAD_FIELD, "unknown connect status");
        }
        List<Candidate> candidates = in.candidates(MAX_CANDIDATES, "candidates");
        if (status != ConnectStatus.ACCEPTED && !candidates.isEmpty()) {
            throw new CloudDecodeException(Reason.BAD_FIELD, status + " result carries candidates");
        }
        Bytes handshake = in.blob(MAX_HANDSHAKE, "handshake");
        RelayGrant relay = relayGrant(in);
        if (status != ConnectStatus.ACCEPTED && relay.present()) {
            throw new CloudDecodeException(Reason.BAD_FIELD, status + " result carries a relay grant");
        }
        if (relay.present() && in.remaining() >= MIN_CANDIDATE_BYTES && in.peekU8() == Candidate.Kind.RELAY.code()) {
            Candidate node = in.candidate("relay node");
            if (!RelayGrant.isRelayAddress(node.address())) {
                throw new CloudDecodeException(
                        Reason.BAD_FIELD, "relay node " + node.address() + " is no unicast address");
            }
            relay = relay.at(node.address());
        }
        return new ConnectResult(txn, status, candidates, handshake, relay);
    }

    /**
     * The optional resumption ticket appended to REGISTERED (§4.8): present when at least
     * {@link ResumeGrant#WIRE_BYTES} bytes follow the flags and its ticket is not all zeros; then
     * the sealed pass key when at least 16 more bytes follow (§5.3).
     */
    private static ResumeGrant resumeGrant(WireReader in) throws CloudDecodeException {
        if (in.remaining() < ResumeGrant.WIRE_BYTES) {
            return ResumeGrant.NONE;
        }
        Bytes ephemeral = in.bytes(ResumeGrant.KEY_BYTES, "resume ephemeral key");
        Bytes sealed = in.bytes(ResumeGrant.SECRET_BYTES, "resume secret");
        Bytes ticket = in.bytes(ResumeGrant.TICKET_BYTES, "resume ticket");
        if (ResumeSecrets.isZero(ticket.toArray())) {
            return ResumeGrant.NONE;
        }
        Bytes sealedPassKey = in.remaining() < CloudPass.CAMERA_KEY_BYTES
                ? Bytes.EMPTY
                : in.bytes(CloudPass.CAMERA_KEY_BYTES, "sealed pass key");
        return new ResumeGrant(ephemeral, sealed, ticket, sealedPassKey);
    }

    /**
     * The bytes a CONNECT_REQUEST's {@link CloudPass} tag covers: from offset 12 (after the header)
     * to the end of the handshake, i.e. the camera ID, the candidates and the handshake (§3.10.9).
     */
    public static byte[] passCoveredBytes(ConnectRequest request) {
        WireWriter out = new WireWriter(MAX_DATAGRAM);
        writePassCovered(out, request);
        return out.toArray();
    }

    private static WireWriter writePassCovered(WireWriter out, ConnectRequest m) {
        return out.raw(m.id().toBytes()).candidates(m.candidates()).blob(m.handshake());
    }

    /**
     * The optional pass after a CONNECT_REQUEST's handshake (§3.10.9): read when at least {@link
     * CloudPass#WIRE_BYTES} bytes follow; an id of 0 (the zero padding of a request without one) is
     * {@link PassTag#NONE}.
     */
    private static PassTag passTag(WireReader in) throws CloudDecodeException {
        if (in.remaining() < CloudPass.WIRE_BYTES) {
            return PassTag.NONE;
        }
        long id = in.u64("pass id");
        Bytes tag = in.bytes(CloudPass.TAG_BYTES, "pass tag");
        return id == 0 ? PassTag.NONE : new PassTag(id, tag);
    }

    /**
     * A forward's grant and tag follow its handshake (§3.10.10): both when at least 40 bytes do, the
     * tag alone when at least 16 do, neither before (an untagged forward, which a camera drops).
     */
    private static ConnectForward connectForward(WireReader in, long txn) throws CloudDecodeException {
        List<Candidate> candidates = in.candidates(MAX_CANDIDATES, "candidates");
        Bytes handshake = in.blob(MAX_HANDSHAKE, "handshake");
        RelayGrant relay =
                in.remaining() >= RelayGrant.WIRE_BYTES + ForwardTag.TAG_BYTES ? relayGrant(in) : RelayGrant.NONE;
        Bytes tag =
                in.remaining() >= ForwardTag.TAG_BYTES ? in.bytes(ForwardTag.TAG_BYTES, "forward tag") : Bytes.EMPTY;
        return new ConnectForward(txn, candidates, handshake, relay, tag);
    }

    /** The optional relay grant appended to CONNECT_FORWARD and CONNECT_RESULT (§7): written only when present. */
    private static WireWriter relayGrant(WireWriter out, RelayGrant relay) {
        return relay.present() ? out.u64(relay.ticket()).bytes(relay.key()) : out;
    }

    /**
     * Present when at least {@link RelayGrant#WIRE_BYTES} bytes follow and its ticket is not 0;
     * otherwise (an older cloud, no relay, ticket 0) {@link RelayGrant#NONE}, the bytes ignored
     * like any trailing bytes.
     */
    private static RelayGrant relayGrant(WireReader in) throws CloudDecodeException {
        if (in.remaining() < RelayGrant.WIRE_BYTES) {
            return RelayGrant.NONE;
        }
        long ticket = in.u64("relay ticket");
        Bytes key = in.bytes(RelayGrant.KEY_BYTES, "relay key");
        return ticket == 0 ? RelayGrant.NONE : new RelayGrant(ticket, key);
    }
}
