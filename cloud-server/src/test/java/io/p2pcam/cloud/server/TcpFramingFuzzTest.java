package io.p2pcam.cloud.server;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cloud's TCP framing ({@link TcpDatagramDecoder}, docs/PROTOCOL.md §3.1) fed any byte stream
 * from a client, split into reads at any points: it yields exactly the datagrams a plain reading of
 * the whole stream gives (never empty, never over {@link TcpDatagramDecoder#MAX_DATAGRAM}), the only
 * exception is the {@link TooLongFrameException} that closes the connection, raised exactly where
 * the first oversized length is read, and after every read its listener is told whether bytes of an
 * unfinished datagram wait. {@code JAZZER_FUZZ=1} fuzzes (scripts/fuzz.sh
 * cloud-server:TcpFramingFuzzTest#anySplitGivesTheSameDatagrams).
 */
class TcpFramingFuzzTest {
    private static final int MAX_READS = 32;

    @FuzzTest(maxDuration = "15s")
    void anySplitGivesTheSameDatagrams(FuzzedDataProvider data) {
        int[] reads = new int[data.consumeInt(0, MAX_READS)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = data.consumeInt(1, 3 * TcpDatagramDecoder.MAX_DATAGRAM);
        }
        byte[] stream = data.consumeRemainingAsBytes();
        Model whole = Model.read(stream, stream.length);

        List<byte[]> got = new ArrayList<>();
        boolean[] partial = new boolean[1];
        EmbeddedChannel channel = new EmbeddedChannel(new TcpDatagramDecoder(p -> partial[0] = p));
        int offset = 0;
        int read = 0;
        boolean closed = false;
        while (offset < stream.length && !closed) {
            int length = read < reads.length ? Math.min(reads[read++], stream.length - offset) : stream.length - offset;
            offset += length;
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(stream, offset - length, length));
            } catch (TooLongFrameException expected) {
                closed = true; // TcpFrontDoor closes the connection
            }
            drain(channel, got);
            Model prefix = Model.read(stream, offset);
            if (closed != prefix.tooLong) {
                throw new IllegalStateException(
                        "after " + offset + " bytes: closed " + closed + ", expected " + prefix.tooLong);
            }
            if (!closed && partial[0] != prefix.partial) {
                throw new IllegalStateException(
                        "after " + offset + " bytes: told partial " + partial[0] + ", expected " + prefix.partial);
            }
        }
        channel.finishAndReleaseAll();
        if (got.size() != whole.datagrams.size()) {
            throw new IllegalStateException(got.size() + " datagrams, expected " + whole.datagrams.size());
        }
        for (int i = 0; i < got.size(); i++) {
            if (!Arrays.equals(got.get(i), whole.datagrams.get(i))) {
                throw new IllegalStateException("datagram " + i + " differs from the unsplit reading");
            }
        }
    }

    private static void drain(EmbeddedChannel channel, List<byte[]> got) {
        ByteBuf datagram;
        while ((datagram = channel.readInbound()) != null) {
            try {
                int length = datagram.readableBytes();
                if (length < 1 || length > TcpDatagramDecoder.MAX_DATAGRAM) {
                    throw new IllegalStateException("a datagram of " + length + " bytes");
                }
                got.add(ByteBufUtil.getBytes(datagram));
            } finally {
                datagram.release();
            }
        }
    }

    /** §3.1 read plainly from the first {@code end} bytes of a stream, to compare with. */
    private record Model(List<byte[]> datagrams, boolean tooLong, boolean partial) {
        static Model read(byte[] stream, int end) {
            List<byte[]> datagrams = new ArrayList<>();
            int at = 0;
            while (end - at >= 2) {
                int length = ((stream[at] & 0xFF) << 8) | (stream[at + 1] & 0xFF);
                if (length > TcpDatagramDecoder.MAX_DATAGRAM) {
                    return new Model(datagrams, true, false);
                }
                if (end - at - 2 < length) {
                    break;
                }
                if (length > 0) {
                    datagrams.add(Arrays.copyOfRange(stream, at + 2, at + 2 + length));
                }
                at += 2 + length;
            }
            return new Model(datagrams, false, at < end);
        }
    }
}
