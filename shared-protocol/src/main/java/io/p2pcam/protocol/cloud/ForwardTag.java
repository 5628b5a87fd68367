package io.p2pcam.protocol.cloud;

import io.p2pcam.protocol.cloud.CloudMessage.ConnectForward;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The tag that authenticates a CONNECT_FORWARD (docs/PROTOCOL.md §3.10.10, §4.7; decision 0074),
 * made by the node the camera registered with and checked by the camera. Its key is derived from
 * the registration's token, which travels only between the camera and that node (REGISTERED,
 * KEEPALIVE, CONNECT_ANSWER): an off-path spoofer who knows both addresses does not know it, so
 * it can no longer make the camera spend a handshake or punch where it names. Stateless and
 * thread-safe.
 *
 * <pre>
 * forward key = HMAC-SHA256(token, "p2pcam forward key v1\0")                                   32 bytes
 * tag         = first 16 bytes of HMAC-SHA256(forward key, "p2pcam connect forward v1\0" ‖ the untagged forward)
 * </pre>
 *
 * The untagged forward is the whole datagram before the tag (header with the forward ID, the
 * candidates, the handshake, the relay grant): a spoofer can change none of it.
 */
public final class ForwardTag {
    public static final int TAG_BYTES = 16;
    public static final int KEY_BYTES = 32;
    private static final byte[] KEY_CONTEXT = ResumeSecrets.context("p2pcam forward key v1\0");
    private static final byte[] TAG_CONTEXT = ResumeSecrets.context("p2pcam connect forward v1\0");

    private ForwardTag() {}

    /** The forward key of the registration whose token is {@code token}. */
    public static byte[] key(Bytes token) {
        return ResumeSecrets.hmac(token.toArray(), KEY_CONTEXT);
    }

    /** {@code untaggedForward} (an encoded CONNECT_FORWARD without a tag) with its tag under {@code key} appended. */
    public static byte[] seal(byte[] untaggedForward, byte[] key) {
        byte[] sealed = Arrays.copyOf(untaggedForward, untaggedForward.length + TAG_BYTES);
        System.arraycopy(tag(untaggedForward, key), 0, sealed, untaggedForward.length, TAG_BYTES);
        return sealed;
    }

    /** {@code forward} tagged under {@code key}. */
    public static ConnectForward seal(ConnectForward forward, byte[] key) {
        ConnectForward untagged = forward.untagged();
        return new ConnectForward(
                untagged.transaction(),
                untagged.viewerCandidates(),
                untagged.handshake(),
                untagged.relay(),
                Bytes.of(tag(CloudCodec.encode(untagged), key)));
    }

    /** Whether {@code forward} carries the tag {@code key} makes for it (compared in constant time). */
    public static boolean verifies(ConnectForward forward, byte[] key) {
        if (forward.tag().length() != TAG_BYTES) {
            return false;
        }
        byte[] expected = tag(CloudCodec.encode(forward.untagged()), key);
        return MessageDigest.isEqual(expected, forward.tag().toArray());
    }

    private static byte[] tag(byte[] untaggedForward, byte[] key) {
        return Arrays.copyOf(ResumeSecrets.hmac(key, TAG_CONTEXT, untaggedForward), TAG_BYTES);
    }
}
