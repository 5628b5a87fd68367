package io.p2pcam.cloud.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;

/**
 * The direct memory a loop's UDP datagrams are copied into for the channel to send: consecutive
 * slices of one block of {@link #BLOCK_BYTES}, instead of a pooled buffer per datagram. A pooled
 * buffer per answer cost, by a perf profile of the event loop answering LOOKUPs (issue 13 §5),
 * the allocator's bookkeeping on allocation and release, and Netty's leak detector, which records
 * a stack trace for one buffer in 128: together ~10 % of the loop's samples and a third of its
 * user time (docs/BENCHMARKS.md, "Stateless requests", 2026-12-06). A slice costs one small object
 * and a reference count on its block.
 *
 * <p>Each slice holds a reference on its block, which the channel drops once that datagram is sent
 * (or failed); the arena drops its own when it moves on to the next block, so a block is freed
 * when it is full and all of its datagrams have left. The channel sends in order, so the memory
 * held is what is queued plus at most one block. Blocks are not leak-tracked: their references
 * are taken and dropped here and by the channel's write path only.
 *
 * <p>Event loop only (slices may be released from any thread: reference counts are atomic).
 */
final class DatagramArena {
    /** One block: ~5,000 LOOKUP answers or ~50 of the largest datagrams. */
    static final int BLOCK_BYTES = 64 * 1024;

    /**
     * Direct, not leak-tracked, and freed by a cleaner too: a block a write after the channel closed
     * started is never released here, and the GC frees it (one allocation per block, so its cost is
     * nothing per datagram).
     */
    private final ByteBufAllocator blocks = new UnpooledByteBufAllocator(true, true, false);

    private ByteBuf block;

    /** {@code data} in direct memory, for the channel to send and release; a datagram over a block gets one of its own. */
    ByteBuf copyOf(byte[] data) {
        if (data.length > BLOCK_BYTES) {
            return blocks.directBuffer(data.length, data.length).writeBytes(data);
        }
        if (block == null || block.writableBytes() < data.length) {
            close();
            block = blocks.directBuffer(BLOCK_BYTES, BLOCK_BYTES);
        }
        int start = block.writerIndex();
        block.writeBytes(data);
        return block.retainedSlice(start, data.length);
    }

    /** Drops the arena's hold on its block (the datagrams still queued keep theirs); the next copy starts a new one. */
    void close() {
        if (block != null) {
            block.release();
            block = null;
        }
    }
}
