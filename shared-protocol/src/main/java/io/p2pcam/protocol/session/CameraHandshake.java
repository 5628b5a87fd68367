package io.p2pcam.protocol.session;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.identity.CameraIdentity;
import io.p2pcam.protocol.noise.HandshakeState;
import io.p2pcam.protocol.noise.NoiseException;
import io.p2pcam.protocol.noise.Split;
import io.p2pcam.protocol.session.SessionHello.CameraWelcome;
import io.p2pcam.protocol.session.SessionHello.Verdict;
import io.p2pcam.protocol.session.SessionHello.ViewerHello;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.function.Function;

/**
 * The camera's side of the session handshake: reads a viewer's Noise IK first message, judges the
 * password inside it ({@link PasswordGuard}), and writes the second message with its verdict. A
 * first message seen before (a replay through a compromised or curious cloud) is refused. Not
 * thread-safe.
 */
public final class CameraHandshake {
    private static final int REMEMBERED_FIRST_MESSAGES = 4096;

    private final CameraIdentity identity;
    private final PasswordGuard guard;
    private final SecureRandom random;
    private final LinkedHashSet<Bytes> seenEphemerals = new LinkedHashSet<>();

    /** The verdict, the reply for the viewer, and (when admitted) the keys and the viewer's hello. */
    public record Answer(Verdict verdict, Bytes secondMessage, ViewerHello hello, Split keys) {
        public boolean admitted() {
            return verdict == Verdict.ADMITTED;
        }
    }

    public CameraHandshake(CameraIdentity identity, PasswordGuard guard, SecureRandom random) {
        this.identity = identity;
        this.guard = guard;
        this.random = random;
    }

    /**
     * Answers a first message from {@code viewer}. {@code welcome} builds the admitted viewer's
     * welcome (session ID and stream description); it is not called for refused viewers.
     *
     * @throws SessionException when the message is not a valid first message for this camera; the
     *     caller refuses the connect without a reply the viewer could read
     */
    public Answer answer(Bytes firstMessage, InetAddress viewer, long now, Function<ViewerHello, CameraWelcome> welcome)
            throws SessionException {
        HandshakeState noise = HandshakeState.responder(SessionPrologue.PATTERN, random)
                .prologue(SessionPrologue.of(identity.id()))
                .localStatic(identity.noiseStaticKey())
                .build();
        byte[] message = firstMessage.toArray();
        ViewerHello hello;
        try {
            hello = ViewerHello.decode(noise.readMessage(message));
        } catch (NoiseException e) {
            throw new SessionException("first message does not authenticate: " + e.getMessage(), e);
        }
        Bytes ephemeral = Bytes.of(message, 0, Math.min(32, message.length));
        if (!seenEphemerals.add(ephemeral)) {
            throw new SessionException("first message replayed");
        }
        if (seenEphemerals.size() > REMEMBERED_FIRST_MESSAGES) {
            seenEphemerals.remove(seenEphemerals.iterator().next());
        }
        Verdict verdict = guard.check(viewer, hello.password(), now);
        CameraWelcome reply = verdict == Verdict.ADMITTED ? welcome.apply(hello) : CameraWelcome.refused(verdict);
        verdict = reply.verdict(); // the camera may still say BUSY
        byte[] second = noise.writeMessage(reply.encode());
        return new Answer(
                verdict,
                Bytes.of(second),
                verdict == Verdict.ADMITTED ? hello : null,
                verdict == Verdict.ADMITTED ? noise.split() : null);
    }
}
