package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.ErrorCode;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.identity.CameraPublicKey;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The answers to the stateless requests ({@link StatelessRequest}) written straight into an array of
 * their own size: byte for byte what {@link CloudCodec#encode} writes for a {@code LookupResult},
 * {@code KeepaliveAck} or {@code ErrorReply} (StatelessAnswersTest), without the message object,
 * the key object or a copy through the codec's writer. The array is the answer's: it goes into the
 * {@link Transmit} and is never touched again. Stateless and thread-safe.
 */
final class StatelessAnswers {
    /** Where a LOOKUP_RESULT's key goes when the camera was found. */
    static final int LOOKUP_KEY_OFFSET = CloudCodec.HEADER_BYTES + 1;

    private static final int LOOKUP_FOUND = 0;
    private static final int LOOKUP_UNAVAILABLE = 1;
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private StatelessAnswers() {}

    /** LOOKUP_RESULT "unavailable" (§3.10.8): the header and the status. */
    static byte[] lookupUnavailable(long transaction) {
        byte[] answer = header(MessageType.LOOKUP_RESULT, transaction, 1);
        answer[CloudCodec.HEADER_BYTES] = LOOKUP_UNAVAILABLE;
        return answer;
    }

    /**
     * LOOKUP_RESULT "found" (§3.10.8) with the key left out: the caller writes the camera's
     * {@value CameraPublicKey#BYTES}-byte key at {@link #LOOKUP_KEY_OFFSET}.
     */
    static byte[] lookupFoundWithoutKey(long transaction) {
        byte[] answer = header(MessageType.LOOKUP_RESULT, transaction, 1 + CameraPublicKey.BYTES);
        answer[CloudCodec.HEADER_BYTES] = LOOKUP_FOUND;
        return answer;
    }

    /** KEEPALIVE_ACK (§3.10.6) telling the camera when to send its next KEEPALIVE. */
    static byte[] keepaliveAck(long transaction, int keepaliveMillis) {
        byte[] answer = header(MessageType.KEEPALIVE_ACK, transaction, Integer.BYTES);
        U32.set(answer, CloudCodec.HEADER_BYTES, keepaliveMillis);
        return answer;
    }

    /** ERROR (§3.10.13) with {@code code}. */
    static byte[] error(long transaction, ErrorCode code) {
        byte[] answer = header(MessageType.ERROR, transaction, Short.BYTES);
        U16.set(answer, CloudCodec.HEADER_BYTES, (short) code.code());
        return answer;
    }

    private static byte[] header(MessageType type, long transaction, int bodyBytes) {
        byte[] answer = new byte[CloudCodec.HEADER_BYTES + bodyBytes];
        U16.set(answer, 0, (short) CloudCodec.MAGIC);
        answer[2] = (byte) CloudCodec.VERSION;
        answer[3] = (byte) type.code();
        U64.set(answer, 4, transaction);
        return answer;
    }
}
