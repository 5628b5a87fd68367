package io.p2pcam.protocol.endpoint;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.media.OutgoingRtp;
import io.p2pcam.protocol.pairing.TokenBucket;
import io.p2pcam.protocol.recovery.Pacer;
import io.p2pcam.protocol.recovery.SendHistory;
import io.p2pcam.protocol.recovery.SenderLink;
import io.p2pcam.protocol.session.SecureSession;
import io.p2pcam.protocol.session.VideoStream;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * One admitted viewer at the camera: its {@link SecureSession}, the {@link SenderLink} that paces
 * and recovers its video, and the static key it authenticated with (revoking that key ends this
 * session). Everything about one viewer lives in this one object, so the camera cannot keep a
 * session without its link or a link without its session (the drift between two parallel maps
 * once woke the camera in a busy loop, commit efe4687).
 *
 * <p>Audio, the second media stream (its own SSRC), goes straight to the session: no pacer and no
 * retransmission (docs/PROTOCOL.md §10.7); the video link ignores feedback about any other SSRC
 * (§10.6).
 *
 * <p>Not thread-safe: the camera endpoint's thread drives it. Sealed packets go to the camera's
 * outgoing queue given at construction.
 */
final class ViewerSession {
    private final SecureSession session;
    private final SenderLink video;
    private final Bytes viewerKey;
    private final String name;
    private final Queue<Outgoing> outgoing;
    /** Where this viewer's asks go once its budget lets them: coalesced per stream with the others'. */
    private final StreamKeyframes keyframes;
    /** This viewer's asks for keyframes, held to its key's budget (one viewer must not set everyone's IDR rate). */
    private final KeyframeAsks keyframeAsks;
    /** The camera stream this viewer watches (docs/PROTOCOL.md §10.9); every viewer starts on the main one. */
    private VideoStream stream = VideoStream.MAIN;
    /** Whether this is a session of the camera's owner ({@link #markOwner}). */
    private boolean owner;
    /** Whether the camera may force this viewer's first keyframe ({@link #askFirstKeyframe}). */
    private boolean firstKeyframeGranted;
    /** Whether this viewer's video has started (at a keyframe). */
    private boolean joined;
    /**
     * Before the path is fixed: the newest keyframe and the packets after it, sent first once the
     * path is (the camera starts the keyframe when it admits the viewer, in parallel with the
     * punch, docs/PROTOCOL.md §10.5). At most {@value #MAX_HELD_PACKETS}; past that the group is
     * dropped and the viewer starts at the next keyframe.
     */
    private final ArrayDeque<OutgoingRtp> held = new ArrayDeque<>();

    /** A 720p keyframe is 40–120 packets; this leaves room for a second of pictures after it. */
    static final int MAX_HELD_PACKETS = 400;

    ViewerSession(
            SecureSession session,
            Bytes viewerKey,
            String name,
            SendHistory history,
            long bitrate,
            Queue<Outgoing> outgoing,
            StreamKeyframes keyframes,
            TokenBucket keyframeBudget,
            long now) {
        this.session = session;
        this.viewerKey = viewerKey;
        this.name = name == null ? "" : name;
        this.outgoing = outgoing;
        this.keyframes = keyframes;
        this.keyframeAsks = new KeyframeAsks(keyframeBudget);
        this.video = new SenderLink(history, now);
        video.setMediaBitrate(bitrate);
    }

    int id() {
        return session.localId();
    }

    SecureSession session() {
        return session;
    }

    /** The answer to the relay's challenge to prove this viewer's relayed address (§7), or null if not ours. */
    byte[] answerRelayChallenge(byte[] data, int offset, int length) {
        return session.relayRoute() == null ? null : session.relayRoute().answer(data, offset, length);
    }

    /** The recovery side of the viewer's video (pacer, NACKs, PLIs, reports). */
    SenderLink video() {
        return video;
    }

    /** The name the viewer gave itself in its hello (told to a viewer refused the talk floor). */
    String name() {
        return name;
    }

    VideoStream stream() {
        return stream;
    }

    /**
     * Moves this viewer to another of the camera's streams: it gets nothing more of the old one
     * and starts the new one at its next keyframe (the caller asks for it), NACKs answered from
     * {@code history}, that stream's, and paced at {@code bitrate}, that stream's encoder's.
     */
    void switchTo(VideoStream newStream, SendHistory history, long bitrate) {
        keyframes.forget(id()); // a keyframe of the old stream would serve it nothing now
        stream = newStream;
        joined = false;
        held.clear();
        video.useHistory(history);
        video.setMediaBitrate(bitrate);
    }

    /**
     * The viewer asks for a keyframe of the stream it watches (a PLI, a KEYFRAME_REQUEST, a switch):
     * passed on now if its budget allows, else when it does ({@link KeyframeAsks}), and then
     * coalesced with the other viewers' asks for that stream ({@link ForcedKeyframes}).
     */
    void askKeyframe(long now) {
        if (keyframeAsks.ask(now)) {
            keyframes.ask(id(), stream, now);
        }
    }

    /**
     * The camera asks for this viewer's first keyframe itself (at admission, and again when the path
     * is fixed with none held): not an ask of the viewer's, not held to its budget, but only when
     * its installation's budget of first keyframes granted one at admission ({@link FirstKeyframes});
     * otherwise the viewer starts at its stream's next keyframe.
     */
    void askFirstKeyframe() {
        if (firstKeyframeGranted) {
            keyframes.ownAsk(id(), stream);
        }
    }

    /** This session is the camera's owner's (§10.1: the viewer paired first); it may take the talk floor over. */
    void markOwner() {
        owner = true;
    }

    boolean isOwner() {
        return owner;
    }

    /** The installation's budget allowed this session a forced first keyframe ({@link FirstKeyframes}). */
    void grantFirstKeyframe() {
        firstKeyframeGranted = true;
    }

    /** Keyframe asks not passed on at once (held to the viewer's budget). */
    long keyframeAsksHeldBack() {
        return keyframeAsks.heldBack();
    }

    boolean isKeyedBy(Bytes key) {
        return viewerKey.equals(key);
    }

    /** Media flows only once a path is fixed: before that there is nowhere to send it. */
    private boolean streaming() {
        return session.path() != null && !session.isClosed();
    }

    /**
     * Queues one RTP packet for this viewer's pacer and sends what it lets out now. The viewer's
     * video starts at a packet that opens a keyframe ({@code joinable}); packets before it are
     * skipped (a decoder can do nothing with them); before the path is fixed they are held from the
     * newest keyframe on ({@link #pathReady}).
     */
    void sendMedia(OutgoingRtp rtp, boolean joinable, long now) {
        if (!streaming()) {
            hold(rtp, joinable);
            return;
        }
        if (!joined) {
            if (!joinable) {
                return;
            }
            joined = true;
        }
        video.send(rtp);
        flush(now);
    }

    private void hold(OutgoingRtp rtp, boolean joinable) {
        if (session.isClosed()) {
            return;
        }
        if (joinable) {
            held.clear(); // a newer keyframe: start from it
        } else if (held.isEmpty()) {
            return; // nothing to start from yet
        }
        if (held.size() >= MAX_HELD_PACKETS) {
            held.clear(); // too far behind: wait for the next keyframe
            return;
        }
        held.add(rtp);
    }

    /**
     * The path is fixed: sends the held keyframe group first, if any. Returns whether the viewer's
     * video has started; if not, it needs a keyframe (the caller asks the encoder for one).
     */
    boolean pathReady(long now) {
        if (!joined && !held.isEmpty() && streaming()) {
            joined = true;
            held.forEach(video::send);
            held.clear();
            flush(now);
        }
        return joined;
    }

    /** Sends one audio packet at once (no pacer, no history: docs/PROTOCOL.md §10.7). */
    void sendAudio(byte[] rtp, long now) {
        if (streaming()) {
            session.sendMedia(rtp, now);
            drainTransmits();
        }
    }

    /** Sends the audio stream's sender report. */
    void sendAudioReport(byte[] rtcp, long now) {
        if (streaming()) {
            session.sendFeedback(rtcp, now);
            drainTransmits();
        }
    }

    /**
     * The session's next timer, and the link's once media flows (asking for the link's timer
     * before there is a path would wake the camera in a loop: handleTimeout skips it then).
     */
    long nextTimeout() {
        long next = Math.min(session.nextTimeout(), keyframeAsks.nextTimeout());
        return streaming() ? Math.min(next, video.nextTimeout()) : next;
    }

    /** The link's timers (reports, pacing), after the session's own ran and its events were read. */
    void handleLinkTimeout(long now) {
        if (keyframeAsks.owedDue(now) && !session.isClosed()) {
            keyframes.ask(id(), stream, now); // for the stream it watches now
        }
        if (streaming()) {
            video.handleTimeout(now);
            flush(now);
        }
    }

    /** Sends what the pacer lets out now, and the link's pending reports. */
    void flush(long now) {
        Pacer.Packet paced;
        while ((paced = video.pollMedia(now)) != null) {
            if (paced.retransmission()) {
                session.sendRetransmission(paced.data(), now);
            } else {
                session.sendMedia(paced.data(), now);
            }
        }
        byte[] feedback;
        while ((feedback = video.pollFeedback()) != null) {
            session.sendFeedback(feedback, now);
        }
        drainTransmits();
    }

    /** Moves the session's sealed packets to the camera's outgoing queue. */
    void drainTransmits() {
        SecureSession.Transmit transmit;
        while ((transmit = session.pollTransmit()) != null) {
            outgoing.add(new Outgoing(transmit.to(), transmit.data(), transmit.socket()));
        }
    }
}
