package io.p2pcam.cloud.core;

import io.p2pcam.cloud.core.CloudEvents.RegistrationOutcome;
import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.Candidate;
import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorReply;
import io.p2pcam.protocol.cloud.CloudMessage.Register;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterChallenge;
import io.p2pcam.protocol.cloud.CloudMessage.RegisterHello;
import io.p2pcam.protocol.cloud.CloudMessage.Registered;
import io.p2pcam.protocol.cloud.CloudMessage.Resume;
import io.p2pcam.protocol.cloud.ResumeGrant;
import io.p2pcam.protocol.cloud.ResumeSecrets;
import io.p2pcam.protocol.identity.CameraId;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Registration and keepalive (docs/PROTOCOL.md §4.4, §4.5). Everything cheap happens here on the
 * core's thread: rate, cookie MAC and age, single use of the cookie, newest-wins, the global
 * budget of signature checks. The one expensive step, the Ed25519 check, leaves as a
 * {@link SignatureCheck} ({@link #pollSignatureCheck}) and comes back through
 * {@link #signatureChecked}, so that the I/O edge can run it on other threads and nothing else
 * ever waits behind a registration.
 *
 * <p>Each cookie buys one signature check ({@link SeenCookies}); of two registrations of one ID,
 * the one whose cookie was issued later wins, whatever order they arrive or finish in.
 *
 * <p>A RESUME (§4.8) passes the same cookie checks, then proves with an HMAC under its ticket's
 * secret instead of a signature, and completes at once on the core's thread. What a stranger can
 * see of either (an answer, a cookie left unspent) never depends on the ID's registration. Not
 * thread-safe: owned by the core's thread.
 */
final class Registrar {
    /** Registrations looked at to choose one to evict when the table is full. */
    static final int EVICTION_SAMPLES = 8;
    /**
     * One party (an IPv4 address, or an IPv6 /48) may hold at most this share of the budget of
     * signature checks in flight, so that one source inside its rate cannot take the verifier
     * from everyone else.
     */
    static final int SIGNATURE_SHARE_DIVISOR = 8;

    private final CloudConfig config;
    private final RandomGenerator random;
    private final CloudEvents events;
    private final RegistrationTable cameras;
    private final Admission admission;
    private final Outbox outbox;
    private final RegistrationCookies cookies;
    private final SeenCookies spent;
    private final Resumption resumption;
    private ResumptionTickets tickets;
    /** Each REGISTERED with a ticket also carries the camera's cloud pass key (§5.3), sealed like the ticket's secret. */
    private final CloudPasses passes;

    private final ArrayDeque<SignatureCheck> toCheck = new ArrayDeque<>();
    private final long expiryMillis;
    /** Checks handed out or queued and not yet back: what the global budget bounds. */
    private int checksInFlight;
    /** Checks in flight per party ({@link #budgetParty}); entries removed at zero. */
    private final Map<Long, Integer> checksByParty = new HashMap<>();
    /** Told of each registration of a camera this node did not hold (a clustered node publishes it to the shared registry). */
    private BiConsumer<CameraId, CameraPublicKey> registered = (id, key) -> {};

    private Consumer<CameraId> evicted = id -> {};

    Registrar(
            CloudConfig config,
            RandomGenerator random,
            CloudEvents events,
            RegistrationTable cameras,
            Admission admission,
            Outbox outbox,
            Resumption resumption,
            CloudPasses passes) {
        this.config = config;
        this.passes = passes;
        this.random = random;
        this.events = events;
        this.cameras = cameras;
        this.admission = admission;
        this.outbox = outbox;
        this.cookies = new RegistrationCookies(random);
        long lifetime = config.challengeLifetime().toMillis();
        this.spent = new SeenCookies(lifetime, config.quotas().maxCookiesPerLifetime());
        this.expiryMillis = config.expiry().toMillis();
        this.resumption = resumption;
        this.tickets =
                new ResumptionTickets(resumption.keys(), resumption.ticketLifetime(), resumption.wallOffsetMillis());
    }

    void tellRegistrationsTo(BiConsumer<CameraId, CameraPublicKey> listener) {
        this.registered = listener;
    }

    /** {@code listener} hears of each camera evicted to make room (a clustered core takes it out of the registry). */
    void tellEvictionsTo(Consumer<CameraId> listener) {
        this.evicted = listener;
    }

    /** New tickets are made under the first of {@code keys} from now on, and tickets of any of them accepted. */
    void useTicketKeys(TicketKeys keys) {
        tickets = new ResumptionTickets(keys, resumption.ticketLifetime(), resumption.wallOffsetMillis());
    }

    void hello(RegisterHello hello, int length, ClientAddress from, long now) {
        if (!admission.registration(hello.transaction(), from, now)) {
            return;
        }
        outbox.reply(from, new RegisterChallenge(hello.transaction(), cookies.issue(hello.key(), from, now)), length);
        events.registration(RegistrationOutcome.CHALLENGED);
    }

    void register(Register register, int length, ClientAddress from, long now) {
        if (!cookieChecksPass(RegistrationRequest.of(register, from, length), now)) {
            return;
        }
        long issuedAt = cookies.issuedAt(register.cookie());
        long party = budgetParty(from.address());
        if (checksInFlight >= config.quotas().maxSignatureChecks()
                || checksByParty.getOrDefault(party, 0) >= maxChecksPerParty()
                || spent.spend(RegistrationCookies.replayKey(register.cookie()), issuedAt, now)
                        != SeenCookies.Verdict.FIRST_USE) {
            events.dropped(DropReason.VERIFIER_BUSY);
            return;
        }
        // The cookie is spent before the ID's registration is looked at, so that whether its holder
        // can still present it (as a RESUME) does not tell whether the camera registered lately.
        if (!registrationChecksPass(register.key(), issuedAt, from)) {
            return; // spares the signature check
        }
        checksInFlight++;
        checksByParty.merge(party, 1, Integer::sum);
        toCheck.add(new SignatureCheck(register, from, length, issuedAt, newSeal(register.key(), now)));
    }

    /**
     * A RESUME (§4.8): the cookie checks of a REGISTER, then the ticket: made by this node, not
     * expired, and the proof an HMAC under the ticket's secret for this camera key. A refusal leaves
     * the cookie unspent and answers ERROR TICKET_REFUSED, so that the camera signs a REGISTER with
     * the same cookie at once. Only a proven RESUME meets the checks that look at the ID's
     * registration (newest wins, party cap): were they first, a stranger's RESUME with a bad ticket
     * would be dropped without a word exactly when the camera had registered since its cookie was
     * issued, and refused otherwise. A pass registers at once, with a renewed ticket.
     */
    void resume(Resume resume, int length, ClientAddress from, long now) {
        RegistrationRequest request = RegistrationRequest.of(resume, from, length);
        if (!cookieChecksPass(request, now)) {
            return;
        }
        byte[] secret = tickets.open(resume.ticket(), resume.key(), now);
        byte[] expected = secret == null
                ? null
                : ResumeSecrets.proof(
                        secret,
                        CloudCodec.resumeProvenBytes(
                                resume.transaction(), resume.key(), resume.cookie(), resume.ticket()));
        if (expected == null || !MessageDigest.isEqual(expected, resume.proof().toArray())) {
            events.dropped(DropReason.TICKET_REFUSED);
            outbox.reply(from, new ErrorReply(resume.transaction(), ErrorCode.TICKET_REFUSED), length);
            return;
        }
        long issuedAt = cookies.issuedAt(resume.cookie());
        if (!registrationChecksPass(resume.key(), issuedAt, from)) {
            return;
        }
        if (spent.spend(RegistrationCookies.replayKey(resume.cookie()), issuedAt, now)
                != SeenCookies.Verdict.FIRST_USE) {
            events.dropped(DropReason.VERIFIER_BUSY);
            return;
        }
        ResumptionTickets.Issued renewed = tickets.issue(resume.key(), now, random);
        ResumeGrant grant = new ResumeGrant(
                ResumeSecrets.noEphemeral(),
                Bytes.of(ResumeSecrets.xor(
                        renewed.secret(),
                        ResumeSecrets.renewPad(secret, renewed.ticket().toArray()))),
                renewed.ticket());
        grant = grant.withSealedPassKey(
                TicketSeal.sealPassKey(passes.cameraPassKey(CameraId.of(resume.key())), renewed));
        complete(request, issuedAt, grant, true, now);
    }

    /**
     * What a REGISTER and a RESUME share first: rate and cookie (authentic, fresh, not spent unless
     * it is the camera repeating itself). Nothing here depends on whether the ID is registered,
     * except for the holder of a cookie that made the current registration.
     */
    private boolean cookieChecksPass(RegistrationRequest request, long now) {
        if (!admission.registration(request.transaction(), request.from(), now)) {
            return false;
        }
        long lifetime = config.challengeLifetime().toMillis();
        switch (cookies.check(request.cookie(), request.key(), request.from(), now, lifetime)) {
            case FORGED -> {
                events.dropped(DropReason.BAD_COOKIE);
                return false;
            }
            case EXPIRED -> {
                events.dropped(DropReason.COOKIE_EXPIRED);
                outbox.reply(
                        request.from(),
                        new ErrorReply(request.transaction(), ErrorCode.CHALLENGE_EXPIRED),
                        request.bytes());
                return false;
            }
            case VALID -> {}
        }
        if (spent.spent(RegistrationCookies.replayKey(request.cookie()), now)) {
            repeatOrDrop(request, cameras.find(request.key().id()));
            return false;
        }
        return true;
    }

    /**
     * The checks that look at the ID's current registration: newest wins and the party cap. They
     * drop without a word, so they come only where their outcome cannot be seen by a stranger:
     * after a RESUME's proof, or after a REGISTER's cookie is spent.
     */
    private boolean registrationChecksPass(CameraPublicKey key, long cookieIssuedAt, ClientAddress from) {
        int slot = cameras.find(key.id());
        if (slot >= 0 && cookieIssuedAt <= cameras.cookieIssuedAt(slot)) {
            events.dropped(DropReason.STALE_REGISTER); // an older REGISTER, replayed or late: the newest wins
            return false;
        }
        return !overPartyQuota(slot, from.address());
    }

    /** A new ticket for {@code key}, to be sealed to the camera on the verifier pool. */
    private TicketSeal newSeal(CameraPublicKey key, long now) {
        ResumptionTickets.Issued issued = tickets.issue(key, now, random);
        byte[] ephemeralPrivate = new byte[32];
        random.nextBytes(ephemeralPrivate);
        return new TicketSeal(
                issued.ticket(), issued.secret(), ephemeralPrivate, passes.cameraPassKey(CameraId.of(key)));
    }

    /** The next signature to check, or null. Each one handed out must come back through {@link #signatureChecked}. */
    SignatureCheck pollSignatureCheck() {
        return toCheck.poll();
    }

    void signatureChecked(SignatureCheck check, boolean valid, long now) {
        checkReturned(check);
        if (!valid) {
            events.dropped(DropReason.BAD_SIGNATURE);
            return;
        }
        complete(
                RegistrationRequest.of(check.register(), check.from(), check.requestBytes()),
                check.cookieIssuedAt(),
                check.seal().grant(),
                false,
                now);
    }

    /**
     * Possession of the key is proven (a signature or a ticket's proof): only now may this
     * registration replace an existing one, and only if no registration with a newer cookie got
     * there meanwhile. The cookie's round trip proved the request's source on its transport: what
     * is sent to the camera goes there, that way.
     */
    private void complete(
            RegistrationRequest request, long cookieIssuedAt, ResumeGrant grant, boolean resumed, long now) {
        CameraPublicKey key = request.key();
        ClientAddress from = request.from();
        CameraId id = key.id();
        int existing = cameras.find(id);
        if (existing >= 0 && cookieIssuedAt <= cameras.cookieIssuedAt(existing)) {
            events.dropped(DropReason.STALE_REGISTER);
            return;
        }
        if (overPartyQuota(existing, from.address())) {
            return;
        }
        RegistrationOutcome outcome = existing < 0
                ? RegistrationOutcome.REGISTERED
                : cameras.registeredFrom(existing, from) ? RegistrationOutcome.REFRESHED : RegistrationOutcome.MOVED;
        Bytes token = cookies.token(id, request.cookie());
        if (existing < 0 && cameras.size() >= config.maxCameras()) {
            CameraId evicted = cameras.evictOne(random, config.quotas().registrations(), EVICTION_SAMPLES);
            if (evicted == null) {
                events.dropped(DropReason.TABLE_FULL);
                return;
            }
            events.registration(RegistrationOutcome.EVICTED);
            this.evicted.accept(evicted);
        }
        if (cameras.put(id, key, token, from, now, cookieIssuedAt) < 0) {
            events.dropped(DropReason.TABLE_FULL);
            return;
        }
        events.registration(outcome);
        if (resumed) {
            events.registration(RegistrationOutcome.RESUMED);
        }
        events.camerasOnline(cameras.size());
        if (existing < 0) {
            // The registry names nodes, not addresses: a camera this node already held (refreshed,
            // moved, resumed) changes nothing there, and the publish pass keeps its entry alive.
            // Publishing each repeat made every REGISTER or RESUME a Redis write.
            registered.accept(id, key);
        }
        Registered reply = registered(request.transaction(), from.address(), token, grant);
        if (grant.sealedPassKey().length() != 0 && CloudCodec.encodedLength(reply) > request.bytes()) {
            // §6.2: an IPv6 REGISTERED answering a RESUME has no room for it; the camera keeps the key it has.
            reply = new Registered(
                    reply.transaction(),
                    reply.reflexive(),
                    reply.token(),
                    reply.keepaliveMillis(),
                    reply.expiryMillis(),
                    reply.flags(),
                    grant.withSealedPassKey(Bytes.EMPTY));
        }
        outbox.reply(from, reply, request.bytes());
    }

    void signatureCheckAbandoned(SignatureCheck check) {
        checkReturned(check);
        events.dropped(DropReason.VERIFIER_BUSY);
    }

    private void checkReturned(SignatureCheck check) {
        checksInFlight--;
        checksByParty.computeIfPresent(
                budgetParty(check.from().address()), (party, count) -> count == 1 ? null : count - 1);
    }

    /** The party whose share of the signature budget a registration from {@code from} uses: its IPv4 address or IPv6 /48. */
    private static long budgetParty(InetSocketAddress from) {
        return Party.key(from, Party.hasLevel(from, Party.LEVELS - 1) ? Party.LEVELS - 1 : 0);
    }

    private int maxChecksPerParty() {
        return Math.max(1, config.quotas().maxSignatureChecks() / SIGNATURE_SHARE_DIVISOR);
    }

    int signatureChecksInFlight() {
        return checksInFlight;
    }

    /**
     * A KEEPALIVE. Only the registered camera (right token, registered address) gets an ACK. An
     * unknown or offline ID, a stale token (the camera was registered again since, by itself or
     * by a replay) and a moved address all get the same ERROR NOT_REGISTERED, so that the camera
     * registers again at once and nobody learns more than a LOOKUP would tell; those answers take
     * a token from the source's request bucket, as LOOKUPs do.
     *
     * <p>Read in place and answered into an array of the answer's size ({@link StatelessAnswers}):
     * every registered camera sends one every ~25 s, and strangers may send many.
     *
     * @param slot the ID's live registration, or -1
     */
    void keepalive(StatelessRequest keepalive, ClientAddress from, int slot, long now) {
        long transaction = keepalive.transaction();
        boolean tokenMatches = slot >= 0 && cameras.tokenMatches(slot, keepalive.array(), keepalive.tokenAt());
        if (tokenMatches && cameras.registeredFrom(slot, from)) {
            cameras.touch(slot, now);
            events.keepalive(true);
            outbox.replyEncoded(
                    from, StatelessAnswers.keepaliveAck(transaction, jitteredKeepalive()), keepalive.length());
            return;
        }
        if (!admission.request(transaction, from, now)) {
            return;
        }
        if (slot < 0) {
            events.keepalive(false);
        } else {
            events.dropped(tokenMatches ? DropReason.WRONG_SOURCE : DropReason.WRONG_TOKEN);
        }
        outbox.replyEncoded(from, StatelessAnswers.error(transaction, ErrorCode.NOT_REGISTERED), keepalive.length());
    }

    /**
     * Whether a registration from {@code from} would take its party past its cap (dropped and
     * counted if so). A camera that re-registers from its own party's address range never does:
     * its old registration makes way for the new one.
     */
    private boolean overPartyQuota(int existing, InetSocketAddress from) {
        if (existing >= 0 && Party.key(cameras.reflexive(existing), 0) == Party.key(from, 0)) {
            return false;
        }
        if (cameras.partyFull(from, config.quotas().registrations())) {
            events.dropped(DropReason.PARTY_QUOTA);
            return true;
        }
        return false;
    }

    /**
     * A REGISTER whose cookie was spent. If it is the camera repeating the REGISTER that made its
     * current registration (REGISTERED was lost), it gets REGISTERED again, without a second
     * signature check or any change; anything else is dropped.
     */
    private void repeatOrDrop(RegistrationRequest request, int slot) {
        Bytes token = cookies.token(request.key().id(), request.cookie());
        if (slot >= 0 && cameras.registeredFrom(slot, request.from()) && cameras.tokenMatches(slot, token)) {
            // No ticket in the repeat: a resumed camera keeps the one it presented, a signed one signs next time.
            Registered again = registered(request.transaction(), request.from().address(), token, ResumeGrant.NONE);
            outbox.reply(request.from(), again, request.bytes());
            return;
        }
        events.dropped(DropReason.COOKIE_SPENT);
    }

    private Registered registered(long transaction, InetSocketAddress from, Bytes token, ResumeGrant grant) {
        return new Registered(
                transaction,
                Candidate.reflexive(from),
                token,
                jitteredKeepalive(),
                (int) expiryMillis,
                config.relayAvailable() ? Registered.FLAG_RELAY_AVAILABLE : 0,
                grant);
    }

    /** The configured interval ±10 %, so that cameras started together do not stay in step. */
    private int jitteredKeepalive() {
        long base = config.keepaliveInterval().toMillis();
        return (int) (base - base / 10 + random.nextLong(base / 5 + 1));
    }
}
