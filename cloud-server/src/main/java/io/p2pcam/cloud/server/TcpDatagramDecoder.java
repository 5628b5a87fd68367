package io.p2pcam.cloud.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.p2pcam.protocol.cloud.RelayFrame;
import java.util.List;

/**
 * Splits a TCP byte stream into the cloud's datagrams (docs/PROTOCOL.md §3.1): each is a u16
 * length, big-endian, then that many bytes. The length counts the datagram only, not its own two
 * bytes; the largest is a relay frame ({@value RelayFrame#MAX_FRAME} bytes). A length of 0 is
 * skipped (nothing reaches the core); a length above the largest datagram is a
 * {@link TooLongFrameException}, which closes the connection: the stream cannot be resynchronised.
 * Tells its {@link Listener} whether bytes of an unfinished datagram are waiting, so that a
 * datagram trickled in a byte at a time can be timed out. Not sharable.
 */
final class TcpDatagramDecoder extends ByteToMessageDecoder {
    static final int MAX_DATAGRAM = RelayFrame.MAX_FRAME;
    private static final int LENGTH_BYTES = 2;

    /** Told after every read whether an incomplete datagram is pending. */
    interface Listener {
        void pending(boolean partial);
    }

    private final Listener listener;

    TcpDatagramDecoder(Listener listener) {
        this.listener = listener;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws TooLongFrameException {
        while (in.readableBytes() >= LENGTH_BYTES) {
            int length = in.getUnsignedShort(in.readerIndex());
            if (length > MAX_DATAGRAM) {
                in.skipBytes(in.readableBytes());
                throw new TooLongFrameException(
                        "a datagram of " + length + " bytes over TCP; the largest is " + MAX_DATAGRAM);
            }
            if (in.readableBytes() < LENGTH_BYTES + length) {
                break;
            }
            in.skipBytes(LENGTH_BYTES);
            if (length > 0) {
                out.add(in.readRetainedSlice(length));
            }
        }
        listener.pending(in.isReadable());
    }
}
