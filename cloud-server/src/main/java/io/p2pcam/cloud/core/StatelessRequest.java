package io.p2pcam.cloud.core;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.CloudMessage.Keepalive;
import io.p2pcam.protocol.cloud.CloudMessage.Lookup;
import io.p2pcam.protocol.cloud.MessageType;
import io.p2pcam.protocol.identity.CameraId;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A LOOKUP or KEEPALIVE (docs/PROTOCOL.md §3.10.7, §3.10.5) read in place, in the datagram's own bytes:
 * the two requests the cloud answers most, hundreds of thousands a second a core, without the
 * message, camera ID and token objects {@link CloudCodec#decode} makes for them (issue 13 §5 (a)).
 * {@link #read} accepts exactly the datagrams {@link CloudCodec#decode} would turn into a
 * {@link Lookup} or a {@link Keepalive}; anything else (another type, or one of these two
 * malformed) is left to the decoder, which drops and counts it for its reason.
 *
 * <p>A flyweight: one per core, reused for every datagram; what it returns is valid until the next
 * {@link #read}, and it keeps the caller's array only until then. Not thread-safe.
 */
final class StatelessRequest {
    /** Where the camera ID starts, in both requests. */
    static final int ID_OFFSET = CloudCodec.HEADER_BYTES;
    /** Where a KEEPALIVE's token starts. */
    static final int TOKEN_OFFSET = ID_OFFSET + CameraId.BYTES;
    /** The shortest KEEPALIVE the decoder accepts: header, ID, token. */
    static final int MIN_KEEPALIVE = TOKEN_OFFSET + CloudCodec.TOKEN_BYTES;

    private static final int TYPE_OFFSET = 3;
    private static final int TRANSACTION_OFFSET = 4;
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] data;
    private int offset;
    private int length;
    private MessageType type;

    /**
     * Whether {@code length} bytes of {@code data} from {@code offset} are a well-formed LOOKUP or
     * KEEPALIVE; if so this request now reads them.
     */
    boolean read(byte[] data, int offset, int length) {
        if (length < CloudCodec.HEADER_BYTES
                || length > CloudCodec.MAX_DATAGRAM
                || ((short) U16.get(data, offset) & 0xffff) != CloudCodec.MAGIC
                || data[offset + 2] != CloudCodec.VERSION) {
            return false;
        }
        int code = data[offset + TYPE_OFFSET] & 0xff;
        if (code == MessageType.LOOKUP.code() && length >= CloudCodec.MIN_LOOKUP) {
            type = MessageType.LOOKUP;
        } else if (code == MessageType.KEEPALIVE.code() && length >= MIN_KEEPALIVE) {
            type = MessageType.KEEPALIVE;
        } else {
            return false;
        }
        this.data = data;
        this.offset = offset;
        this.length = length;
        return true;
    }

    /** {@link MessageType#LOOKUP} or {@link MessageType#KEEPALIVE}. */
    MessageType type() {
        return type;
    }

    long transaction() {
        return (long) U64.get(data, offset + TRANSACTION_OFFSET);
    }

    /** The datagram's length (answers may be no larger: §6.2). */
    int length() {
        return length;
    }

    /** The array holding the datagram: the ID is at {@link #idAt()}, a KEEPALIVE's token at {@link #tokenAt()}. */
    byte[] array() {
        return data;
    }

    int idAt() {
        return offset + ID_OFFSET;
    }

    int tokenAt() {
        return offset + TOKEN_OFFSET;
    }

    /** The camera ID as an object, for the rare paths that keep it (a cluster's query, an expiry's withdrawal). */
    CameraId id() {
        return CameraId.fromBytes(Arrays.copyOfRange(data, idAt(), idAt() + CameraId.BYTES));
    }

    /** The LOOKUP as the decoder would have made it, for the rare paths that keep it. */
    Lookup toLookup() {
        return new Lookup(transaction(), id());
    }
}
