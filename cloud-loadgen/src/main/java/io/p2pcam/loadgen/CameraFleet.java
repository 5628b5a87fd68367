package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulated cameras, packed for a million of them: one slot per camera across a few flat
 * arrays (about {@value #BYTES_PER_CAMERA} bytes each), no object per camera.
 *
 * <p>A camera's life is a small state machine ({@link State}); every change goes through
 * {@link #transition}, a compare-and-set, so that the pacer thread, the receive threads and the
 * signer threads can race on a camera and exactly one of them wins. The other fields are written
 * before the state that publishes them and read after it. Thread-safe in that sense.
 */
final class CameraFleet {
    static final int SECRET_BYTES = 32;
    static final int BYTES_PER_CAMERA = SECRET_BYTES
            + CameraPublicKey.BYTES
            + CameraId.BYTES
            + CloudCodec.TOKEN_BYTES
            + ResumeGrant.TICKET_BYTES
            + ResumeGrant.SECRET_BYTES
            + CloudCodec.COOKIE_BYTES
            + 8
            + 1
            + 1
            + 1
            + 1
            + 1
            + 1
            + 4
            + 4;
    /** KEEPALIVE on the wire: header, camera ID, token. */
    static final int KEEPALIVE_BYTES = CloudCodec.HEADER_BYTES + CameraId.BYTES + CloudCodec.TOKEN_BYTES;

    /** A camera waits at least this long between keepalives, whatever the cloud says (docs/PROTOCOL.md §4.6). */
    static final int MIN_KEEPALIVE_WAIT_MILLIS = 1_000;

    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(byte[].class);

    /** Where a camera is in its registration. */
    enum State {
        /** No key pair yet. */
        NEW,
        /** Has keys, never started. */
        KEYED,
        /** REGISTER_HELLO sent, awaiting the challenge. */
        HELLO_SENT,
        /** Challenge received, REGISTER being signed or sent, awaiting REGISTERED. */
        REGISTER_SENT,
        /** Registered: keeps alive and answers forwards. */
        REGISTERED,
        /** The cloud said NOT_REGISTERED (or the challenge expired): says HELLO again at once. */
        LOST,
        /** Four transmissions of a request went unanswered, or the cloud rate-limited: waits, then HELLO. */
        BACKING_OFF;

        private static final State[] VALUES = values();
    }

    private final int size;
    private final byte[] secrets;
    private final byte[] keys;
    private final byte[] ids;
    private final byte[] tokens;
    /** Each camera's resumption ticket and its secret (docs/PROTOCOL.md §4.8), valid where {@link #hasTicket}. */
    private final byte[] tickets;

    private final byte[] ticketSecrets;
    private final byte[] hasTicket;
    /** The storm in which each camera last registered (see {@link #startStorm}); 0 before any. */
    private final byte[] stormOf;

    private volatile int storm;
    private final AtomicInteger backInStorm = new AtomicInteger();
    private final byte[] states;
    /** Transmissions of the outstanding request so far, minus one (the camera's {@code attempt}). */
    private final byte[] attempts;
    /** Failed registrations since the last REGISTERED: the back-off's step (the camera's {@code failures}). */
    private final byte[] failures;
    /** The outstanding request's transaction ID, kept for its retransmissions and to match its answer. */
    private final long[] transactions;
    /** The challenge being answered, kept to retransmit the REGISTER or RESUME with the same cookie. */
    private final byte[] cookies;
    /** Whether the outstanding REGISTER_SENT request is a RESUME; whether a KEEPALIVE is outstanding. */
    private final byte[] resuming;

    private final byte[] keepaliveOutstanding;
    private final int[] dueAt;
    private final int[] keepaliveMillis;
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicInteger registering = new AtomicInteger();

    private final AgreementKeys agreementKeys;

    CameraFleet(int size) {
        this(size, new SecureRandom().nextLong());
    }

    /** A fleet whose cameras' X25519 keys derive from {@code agreementSeed}. */
    CameraFleet(int size, long agreementSeed) {
        this.size = size;
        this.agreementKeys = new AgreementKeys(agreementSeed);
        this.secrets = new byte[Math.multiplyExact(size, SECRET_BYTES)];
        this.keys = new byte[Math.multiplyExact(size, CameraPublicKey.BYTES)];
        this.ids = new byte[Math.multiplyExact(size, CameraId.BYTES)];
        this.tokens = new byte[Math.multiplyExact(size, CloudCodec.TOKEN_BYTES)];
        this.tickets = new byte[Math.multiplyExact(size, ResumeGrant.TICKET_BYTES)];
        this.ticketSecrets = new byte[Math.multiplyExact(size, ResumeGrant.SECRET_BYTES)];
        this.hasTicket = new byte[size];
        this.stormOf = new byte[size];
        this.states = new byte[size];
        this.attempts = new byte[size];
        this.failures = new byte[size];
        this.transactions = new long[size];
        this.cookies = new byte[Math.multiplyExact(size, CloudCodec.COOKIE_BYTES)];
        this.resuming = new byte[size];
        this.keepaliveOutstanding = new byte[size];
        this.dueAt = new int[size];
        this.keepaliveMillis = new int[size];
    }

    int size() {
        return size;
    }

    AgreementKeys agreementKeys() {
        return agreementKeys;
    }

    /** Cameras in {@link State#REGISTERED}. */
    int registered() {
        return registered.get();
    }

    /** Cameras between REGISTER_HELLO and REGISTERED (the ramp's window). */
    int registering() {
        return registering.get();
    }

    State state(int camera) {
        return State.VALUES[(byte) STATE.getAcquire(states, camera)];
    }

    /** Moves {@code camera} from {@code from} to {@code to} if it is still in {@code from}; keeps the counts. */
    boolean transition(int camera, State from, State to) {
        if (!STATE.compareAndSet(states, camera, (byte) from.ordinal(), (byte) to.ordinal())) {
            return false;
        }
        if (to == State.REGISTERED) {
            registered.incrementAndGet();
            int current = storm;
            if (current != 0 && stormOf[camera] != (byte) current) {
                stormOf[camera] = (byte) current; // only the one thread that won this transition writes it
                backInStorm.incrementAndGet();
            }
        } else if (from == State.REGISTERED) {
            registered.decrementAndGet();
        }
        boolean wasRegistering = isRegistering(from);
        boolean isRegistering = isRegistering(to);
        if (isRegistering && !wasRegistering) {
            registering.incrementAndGet();
        } else if (wasRegistering && !isRegistering) {
            registering.decrementAndGet();
        }
        return true;
    }

    private static boolean isRegistering(State state) {
        return state == State.HELLO_SENT || state == State.REGISTER_SENT || state == State.BACKING_OFF;
    }

    /**
     * Starts counting which cameras register (again) from now on: a node restart's storm. Returns
     * nothing; {@link #backInStorm} then counts distinct cameras registered since.
     */
    void startStorm() {
        backInStorm.set(0);
        storm = storm % 127 + 1;
    }

    /** Distinct cameras that reached REGISTERED since the last {@link #startStorm}. */
    int backInStorm() {
        return backInStorm.get();
    }

    boolean hasTicket(int camera) {
        return (byte) STATE.getAcquire(hasTicket, camera) != (byte) 0;
    }

    /** Keeps a resumption ticket and its opened secret for the camera's next registration. */
    void storeTicket(int camera, Bytes ticket, byte[] secret) {
        ticket.copyTo(tickets, camera * ResumeGrant.TICKET_BYTES);
        System.arraycopy(secret, 0, ticketSecrets, camera * ResumeGrant.SECRET_BYTES, ResumeGrant.SECRET_BYTES);
        STATE.setRelease(hasTicket, camera, (byte) 1);
    }

    void forgetTicket(int camera) {
        STATE.setRelease(hasTicket, camera, (byte) 0);
    }

    Bytes ticket(int camera) {
        return Bytes.of(tickets, camera * ResumeGrant.TICKET_BYTES, ResumeGrant.TICKET_BYTES);
    }

    byte[] ticketSecret(int camera) {
        byte[] secret = new byte[ResumeGrant.SECRET_BYTES];
        System.arraycopy(ticketSecrets, camera * ResumeGrant.SECRET_BYTES, secret, 0, secret.length);
        return secret;
    }

    /** Stores a new camera's keys (the 32-byte Ed25519 secret and the 64-byte public key) and publishes it as KEYED. */
    void installKeys(int camera, byte[] secret, byte[] publicKey) {
        System.arraycopy(secret, 0, secrets, camera * SECRET_BYTES, SECRET_BYTES);
        System.arraycopy(publicKey, 0, keys, camera * CameraPublicKey.BYTES, CameraPublicKey.BYTES);
        CameraPublicKey.fromBytes(publicKey, 0).id().copyTo(ids, camera * CameraId.BYTES);
        transition(camera, State.NEW, State.KEYED);
    }

    void copySecret(int camera, byte[] target) {
        System.arraycopy(secrets, camera * SECRET_BYTES, target, 0, SECRET_BYTES);
    }

    /** The raw Ed25519 public key's offset in {@link #keyArray()}. */
    int signingKeyOffset(int camera) {
        return camera * CameraPublicKey.BYTES;
    }

    byte[] keyArray() {
        return keys;
    }

    CameraPublicKey publicKey(int camera) {
        return CameraPublicKey.fromBytes(keys, camera * CameraPublicKey.BYTES);
    }

    CameraId id(int camera) {
        byte[] id = new byte[CameraId.BYTES];
        System.arraycopy(ids, camera * CameraId.BYTES, id, 0, CameraId.BYTES);
        return CameraId.fromBytes(id);
    }

    Bytes token(int camera) {
        return Bytes.of(tokens, camera * CloudCodec.TOKEN_BYTES, CloudCodec.TOKEN_BYTES);
    }

    /** Records what REGISTERED said; the caller then publishes it with {@link #transition}. */
    void storeRegistration(int camera, Bytes token, int keepalive, int now) {
        token.copyTo(tokens, camera * CloudCodec.TOKEN_BYTES);
        keepaliveMillis[camera] = keepalive;
        dueAt[camera] = now + Math.max(MIN_KEEPALIVE_WAIT_MILLIS, keepalive);
        failures[camera] = 0;
        keepaliveOutstanding[camera] = 0;
    }

    /** Starts a request (a HELLO or a KEEPALIVE): its transaction, no transmission counted yet. */
    void startRequest(int camera, long transaction) {
        transactions[camera] = transaction;
        attempts[camera] = 0;
    }

    long transaction(int camera) {
        return transactions[camera];
    }

    /** Counts a retransmission of the outstanding request; returns how many went before it. */
    int nextAttempt(int camera) {
        int attempt = attempts[camera] + 1;
        attempts[camera] = (byte) Math.min(attempt, Byte.MAX_VALUE);
        return attempt;
    }

    /** The REGISTER or RESUME answering {@code cookie} is outstanding (same transaction as the HELLO). */
    void startAnswer(int camera, Bytes cookie, boolean resume) {
        cookie.copyTo(cookies, camera * CloudCodec.COOKIE_BYTES);
        resuming[camera] = (byte) (resume ? 1 : 0);
        attempts[camera] = 0;
    }

    Bytes cookie(int camera) {
        return Bytes.of(cookies, camera * CloudCodec.COOKIE_BYTES, CloudCodec.COOKIE_BYTES);
    }

    boolean resuming(int camera) {
        return resuming[camera] != 0;
    }

    /** A failed registration: returns the back-off step to wait for, and counts it. */
    int nextFailure(int camera) {
        int failure = failures[camera];
        failures[camera] = (byte) Math.min(failure + 1, Byte.MAX_VALUE);
        return failure;
    }

    boolean keepaliveOutstanding(int camera) {
        return keepaliveOutstanding[camera] != 0;
    }

    void setKeepaliveOutstanding(int camera, boolean outstanding) {
        keepaliveOutstanding[camera] = (byte) (outstanding ? 1 : 0);
    }

    int dueAt(int camera) {
        return dueAt[camera];
    }

    void setDueAt(int camera, int millis) {
        dueAt[camera] = millis;
    }

    int keepaliveMillis(int camera) {
        return keepaliveMillis[camera];
    }

    void setKeepaliveMillis(int camera, int millis) {
        keepaliveMillis[camera] = millis;
    }

    /**
     * Writes the camera's KEEPALIVE (docs/PROTOCOL.md §4) into {@code out}, flipped for sending:
     * the hot path, 50k a second at a million cameras, so no objects. A test checks it against
     * {@link CloudCodec}.
     */
    void writeKeepalive(int camera, long transaction, ByteBuffer out) {
        out.clear();
        out.putShort((short) CloudCodec.MAGIC)
                .put((byte) CloudCodec.VERSION)
                .put((byte) MessageType.KEEPALIVE.code())
                .putLong(transaction)
                .put(ids, camera * CameraId.BYTES, CameraId.BYTES)
                .put(tokens, camera * CloudCodec.TOKEN_BYTES, CloudCodec.TOKEN_BYTES)
                .flip();
    }
}
