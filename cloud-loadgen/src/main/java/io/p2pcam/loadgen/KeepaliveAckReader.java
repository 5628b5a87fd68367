package io.p2pcam.loadgen;

import io.p2pcam.protocol.cloud.CloudCodec;
import io.p2pcam.protocol.cloud.MessageType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a KEEPALIVE_ACK (docs/PROTOCOL.md §4: header, then the next interval as u32) in place,
 * without the codec's objects: the generator receives 50k of them a second at a million cameras.
 * Anything else goes through {@link CloudCodec}. A test checks it against the codec.
 */
final class KeepaliveAckReader {
    static final int BYTES = CloudCodec.HEADER_BYTES + 4;
    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private KeepaliveAckReader() {}

    /** Whether {@code data} holds a well-formed KEEPALIVE_ACK (trailing bytes ignored, as by the codec). */
    static boolean matches(byte[] data, int length) {
        return length >= BYTES
                && length <= CloudCodec.MAX_DATAGRAM
                && ((short) U16.get(data, 0) & 0xffff) == CloudCodec.MAGIC
                && (data[2] & 0xff) == CloudCodec.VERSION
                && (data[3] & 0xff) == MessageType.KEEPALIVE_ACK.code();
    }

    static long transaction(byte[] data) {
        return (long) U64.get(data, 4);
    }

    static int keepaliveMillis(byte[] data) {
        return (int) U32.get(data, CloudCodec.HEADER_BYTES);
    }
}
