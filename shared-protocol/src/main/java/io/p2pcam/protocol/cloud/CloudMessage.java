package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.util.List;
import java.util.Objects;

/**
 * Every message of the cloud protocol (docs/PROTOCOL.md). Each carries the 64-bit transaction ID
 * of the exchange it belongs to: chosen at random by whoever starts the exchange and echoed in
 * every reply, so that replies are matched to requests and off-path guesses fail.
 */
public sealed interface CloudMessage {
    MessageType type();

    long transaction();

    /** Camera → cloud: "I am this key; challenge me." */
    record RegisterHello(long transaction, CameraPublicKey key) implements CloudMessage {
        public MessageType type() {
            return MessageType.REGISTER_HELLO;
        }
    }

    /** Cloud → camera: a stateless cookie bound to the camera's key and source address. */
    record RegisterChallenge(long transaction, Bytes cookie) implements CloudMessage {
        public MessageType type() {
            return MessageType.REGISTER_CHALLENGE;
        }
    }

    /** Camera → cloud: the cookie back, the camera's local candidates, signed with its Ed25519 key. */
    record Register(long transaction, CameraPublicKey key, Bytes cookie, List<Candidate> candidates, Bytes signature)
            implements CloudMessage {
        public Register {
            candidates = Limits.candidates(candidates);
        }

        public MessageType type() {
            return MessageType.REGISTER;
        }
    }

    /**
     * Cloud → camera: registration accepted, with the timers to keep it, the token that
     * authenticates them and, optionally, a resumption ticket ({@link ResumeGrant#NONE} if none).
     */
    record Registered(
            long transaction,
            Candidate reflexive,
            Bytes token,
            int keepaliveMillis,
            int expiryMillis,
            int flags,
            ResumeGrant resume)
            implements CloudMessage {
        /** {@link #flags()} bit: this cloud runs a relay (reserved for the relay issue). */
        public static final int FLAG_RELAY_AVAILABLE = 1;

        public Registered {
            Objects.requireNonNull(resume, "resume grant (ResumeGrant.NONE for none)");
        }

        /** A REGISTERED without a resumption ticket. */
        public Registered(
                long transaction, Candidate reflexive, Bytes token, int keepaliveMillis, int expiryMillis, int flags) {
            this(transaction, reflexive, token, keepaliveMillis, expiryMillis, flags, ResumeGrant.NONE);
        }

        public MessageType type() {
            return MessageType.REGISTERED;
        }
    }

    /**
     * Camera → cloud: the cookie back with a resumption ticket from an earlier REGISTERED and a
     * proof, an HMAC over this message under the ticket's secret (docs/PROTOCOL.md §4.8): registers
     * again at the cost of a MAC check instead of a signature check.
     */
    record Resume(long transaction, CameraPublicKey key, Bytes cookie, Bytes ticket, Bytes proof)
            implements CloudMessage {
        public Resume {
            if (ticket.length() != ResumeGrant.TICKET_BYTES || proof.length() != ResumeGrant.PROOF_BYTES) {
                throw new IllegalArgumentException("a resume carries a " + ResumeGrant.TICKET_BYTES
                        + "-byte ticket and a " + ResumeGrant.PROOF_BYTES + "-byte proof");
            }
        }

        public MessageType type() {
            return MessageType.RESUME;
        }
    }

    /** Camera → cloud: still here, at the address registered. */
    record Keepalive(long transaction, CameraId id, Bytes token) implements CloudMessage {
        public MessageType type() {
            return MessageType.KEEPALIVE;
        }
    }

    /** Cloud → camera: keepalive seen; the interval to use next. */
    record KeepaliveAck(long transaction, int keepaliveMillis) implements CloudMessage {
        public MessageType type() {
            return MessageType.KEEPALIVE_ACK;
        }
    }

    /** Viewer → cloud: "is camera X online, and what is its public key?" Padded (anti-amplification). */
    record Lookup(long transaction, CameraId id) implements CloudMessage {
        public MessageType type() {
            return MessageType.LOOKUP;
        }
    }

    /** Cloud → viewer: the camera's public key, or unavailable (offline and unknown look the same). */
    record LookupResult(long transaction, CameraPublicKey key) implements CloudMessage {
        public static LookupResult unavailable(long transaction) {
            return new LookupResult(transaction, null);
        }

        public boolean found() {
            return key != null;
        }

        public MessageType type() {
            return MessageType.LOOKUP_RESULT;
        }
    }

    /**
     * Viewer → cloud: connect me to camera X; my candidates and an opaque handshake for the camera,
     * and a paired viewer's cloud pass ({@link PassTag#NONE} if none; §5.3). Padded.
     */
    record ConnectRequest(long transaction, CameraId id, List<Candidate> candidates, Bytes handshake, PassTag pass)
            implements CloudMessage {
        public ConnectRequest {
            candidates = Limits.candidates(candidates);
            Limits.handshake(handshake);
            Objects.requireNonNull(pass, "pass (PassTag.NONE for none)");
        }

        /** A request without a cloud pass. */
        public ConnectRequest(long transaction, CameraId id, List<Candidate> candidates, Bytes handshake) {
            this(transaction, id, candidates, handshake, PassTag.NONE);
        }

        public MessageType type() {
            return MessageType.CONNECT_REQUEST;
        }
    }

    /**
     * Cloud → camera: a viewer wants you; its candidates (reflexive first) and its handshake, the
     * camera's grant for the relay session the cloud holds for this pair if the camera accepts
     * ({@link RelayGrant#NONE}: no relay; appended, §7), and the tag that authenticates the forward
     * under the camera's registration ({@link ForwardTag}; empty: untagged, which a camera drops).
     */
    record ConnectForward(
            long transaction, List<Candidate> viewerCandidates, Bytes handshake, RelayGrant relay, Bytes tag)
            implements CloudMessage {
        public ConnectForward {
            viewerCandidates = Limits.candidates(viewerCandidates);
            Limits.handshake(handshake);
            Objects.requireNonNull(relay, "relay grant (RelayGrant.NONE for none)");
            if (relay.relayNode() != null) {
                throw new IllegalArgumentException(
                        "a forward's grant is for the forwarding node's relay, never another's");
            }
            if (tag.length() != 0 && tag.length() != ForwardTag.TAG_BYTES) {
                throw new IllegalArgumentException("a forward's tag is " + ForwardTag.TAG_BYTES + " bytes or none");
            }
        }

        /** An untagged forward: what the cloud tags ({@link ForwardTag#seal}), or a forgery. */
        public ConnectForward(long transaction, List<Candidate> viewerCandidates, Bytes handshake, RelayGrant relay) {
            this(transaction, viewerCandidates, handshake, relay, Bytes.EMPTY);
        }

        public ConnectForward(long transaction, List<Candidate> viewerCandidates, Bytes handshake) {
            this(transaction, viewerCandidates, handshake, RelayGrant.NONE);
        }

        /** This forward without its tag: the message the tag covers. */
        public ConnectForward untagged() {
            return new ConnectForward(transaction, viewerCandidates, handshake, relay);
        }

        public MessageType type() {
            return MessageType.CONNECT_FORWARD;
        }
    }

    /** Camera → cloud: the camera's decision on a forward, authenticated by its registration token. */
    record ConnectAnswer(
            long transaction, CameraId id, Bytes token, boolean accept, List<Candidate> candidates, Bytes handshake)
            implements CloudMessage {
        public ConnectAnswer {
            candidates = Limits.candidates(candidates);
            Limits.handshake(handshake);
        }

        public MessageType type() {
            return MessageType.CONNECT_ANSWER;
        }
    }

    /** How a connect request ended, as the viewer learns it. */
    enum ConnectStatus {
        ACCEPTED(0),
        REJECTED(1),
        UNAVAILABLE(2);

        private final int code;

        ConnectStatus(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static ConnectStatus fromCode(int code) {
            for (ConnectStatus status : values()) {
                if (status.code == code) {
                    return status;
                }
            }
            return null;
        }
    }

    /**
     * Cloud → viewer. ACCEPTED carries the camera's candidates (reflexive first) and handshake reply,
     * and the viewer's relay grant when the cloud relays (appended, §7);
     * REJECTED only the camera's handshake reply (which says why, end-to-end encrypted); UNAVAILABLE
     * nothing: the camera is unknown, offline or did not answer.
     */
    record ConnectResult(
            long transaction, ConnectStatus status, List<Candidate> candidates, Bytes handshake, RelayGrant relay)
            implements CloudMessage {
        public ConnectResult {
            Objects.requireNonNull(status);
            candidates = Limits.candidates(candidates);
            Limits.handshake(handshake);
            if (status != ConnectStatus.ACCEPTED && !candidates.isEmpty()) {
                throw new IllegalArgumentException("only an accepted connect reveals the camera's candidates");
            }
            Objects.requireNonNull(relay, "relay grant (RelayGrant.NONE for none)");
            if (status != ConnectStatus.ACCEPTED && relay.present()) {
                throw new IllegalArgumentException("only an accepted connect gets a relay grant");
            }
        }

        /** Without a relay grant (the relay is off, or the result is not ACCEPTED). */
        public ConnectResult(long transaction, ConnectStatus status, List<Candidate> candidates, Bytes handshake) {
            this(transaction, status, candidates, handshake, RelayGrant.NONE);
        }

        public static ConnectResult unavailable(long transaction) {
            return new ConnectResult(transaction, ConnectStatus.UNAVAILABLE, List.of(), Bytes.EMPTY);
        }

        public MessageType type() {
            return MessageType.CONNECT_RESULT;
        }
    }

    /** Why the cloud turned a request down, where saying so helps an honest client and costs nothing. */
    enum ErrorCode {
        UNKNOWN(0),
        NOT_REGISTERED(1),
        CHALLENGE_EXPIRED(2),
        RATE_LIMITED(3),
        /** A RESUME whose ticket or proof the cloud does not accept: register with a signature instead. */
        TICKET_REFUSED(4);

        private final int code;

        ErrorCode(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static ErrorCode fromCode(int code) {
            for (ErrorCode error : values()) {
                if (error.code == code) {
                    return error;
                }
            }
            return UNKNOWN;
        }
    }

    /** Cloud → client: the request with this transaction ID failed for {@code code}. */
    record ErrorReply(long transaction, ErrorCode code) implements CloudMessage {
        public MessageType type() {
            return MessageType.ERROR;
        }
    }

    /** The wire limits, enforced when a message is built so that encoding cannot overflow. */
    final class Limits {
        private Limits() {}

        static List<Candidate> candidates(List<Candidate> candidates) {
            if (candidates.size() > CloudCodec.MAX_CANDIDATES) {
                throw new IllegalArgumentException(
                        candidates.size() + " candidates exceed " + CloudCodec.MAX_CANDIDATES);
            }
            return List.copyOf(candidates);
        }

        static void handshake(Bytes handshake) {
            if (handshake.length() > CloudCodec.MAX_HANDSHAKE) {
                throw new IllegalArgumentException(
                        "handshake of " + handshake.length() + " bytes exceeds " + CloudCodec.MAX_HANDSHAKE);
            }
        }
    }
}
