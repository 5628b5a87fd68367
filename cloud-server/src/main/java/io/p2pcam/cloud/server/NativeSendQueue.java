package io.p2pcam.cloud.server;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;

/**
 * The send side of a {@link NativeUdpSocket}: answers copied into native datagram slots, a bounded
 * first-in first-out ring, sent with {@code sendmmsg}. When the kernel's send buffer is full
 * ({@code EAGAIN}) what it did not take stays in the ring, in order, and {@link #flush()} says so:
 * the edge then asks its event loop for EPOLLOUT and flushes again when the socket is writable, as
 * Netty's channel and other UDP servers (coturn, quinn) do. New answers queue behind the waiting
 * ones, never before them. Only what finds the ring full is dropped, and counted.
 *
 * <p>The bound is in datagrams because every slot holds one datagram of up to {@link
 * NativeUdpSocket#SLOT_BYTES}: so it bounds the native memory too. The slots are allocated by
 * chunks of {@link #CHUNK_DATAGRAMS} when a backlog first reaches them and kept: a cloud whose
 * answers always fit the kernel's buffer uses one chunk (what one wake-up answers), one that once
 * waited holds its backlog's memory without allocating again.
 *
 * <p>Not thread-safe: the socket's event loop only. The memory is the socket's arena's.
 */
final class NativeSendQueue {
    /**
     * The default bound: 2048 datagrams (5 MiB of slots per event loop at most). Behind the 4 MiB
     * send buffer the cloud asks for (where net.core.wmem_max grants it: some 3 500 datagrams of
     * 1 200 bytes at their cost to the buffer) that holds a relay session's full second at its peak
     * rate (4 MB, 3 334 datagrams; {@code RelayLimits.on()}) or sixteen wake-ups' answers (128 each)
     * while the kernel waits on the link.
     */
    static final int DEFAULT_CAPACITY = 2048;

    static final int CHUNK_DATAGRAMS = 128;
    /** {@code UIO_MAXIOV}: the most datagrams one {@code sendmmsg} sends. */
    private static final int MOST_PER_CALL = 1024;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;

    private final int fd;
    private final int family;
    private final Arena arena;
    private final MemorySegment errno;
    private final int capacity;
    private final int chunkDatagrams;
    private final int batch;
    private final NativeUdpSocket.Slots[] chunks;
    /** The ring's oldest datagram and how many wait. */
    private int head;

    private int waiting;
    /** The last send met a full buffer: nothing is tried again until {@link #flush()} is asked. */
    private boolean blocked;

    private long unsent;
    private long sendCalls;

    /**
     * @param capacity datagrams that may wait at most (a multiple of the chunk, or less than one)
     * @param batch datagrams queued after which they are sent without waiting for {@link #flush()}
     */
    NativeSendQueue(int fd, int family, Arena arena, MemorySegment errno, int capacity, int batch) {
        if (capacity < 1 || (capacity > CHUNK_DATAGRAMS && capacity % CHUNK_DATAGRAMS != 0)) {
            throw new IllegalArgumentException("a send backlog of " + capacity + " datagrams");
        }
        this.fd = fd;
        this.family = family;
        this.arena = arena;
        this.errno = errno;
        this.capacity = capacity;
        this.chunkDatagrams = Math.min(capacity, CHUNK_DATAGRAMS);
        this.batch = Math.min(batch, capacity);
        this.chunks = new NativeUdpSocket.Slots[capacity / chunkDatagrams];
        chunks[0] = NativeUdpSocket.Slots.allocate(arena, chunkDatagrams);
    }

    /**
     * Copies a datagram for {@code to} into the ring's next slot; once a batch waits and the socket
     * is not known full, sends them. A datagram longer than a slot, for an address this socket
     * cannot reach (IPv6 from an IPv4 socket), or that finds the ring full, is dropped and counted.
     */
    void queue(byte[] data, InetSocketAddress to) {
        if (waiting == capacity && !blocked) {
            flush(); // room, if the kernel takes some
        }
        if (waiting == capacity || data.length > NativeUdpSocket.SLOT_BYTES) {
            unsent++;
            return;
        }
        int index = (head + waiting) % capacity;
        NativeUdpSocket.Slots chunk = chunk(index);
        int i = index % chunkDatagrams;
        int nameLength = NativeSockaddr.write(chunk.names(), chunk.name(i), to, family);
        if (nameLength < 0) {
            unsent++;
            return;
        }
        MemorySegment.copy(data, 0, chunk.data(), ValueLayout.JAVA_BYTE, chunk.data(i), data.length);
        chunk.length(i, data.length);
        chunk.headers().set(INT, chunk.header(i) + NativeUdpSocket.NAME_LENGTH_AT, nameLength);
        waiting++;
        if (waiting >= batch && !blocked) {
            flush();
        }
    }

    private NativeUdpSocket.Slots chunk(int index) {
        int c = index / chunkDatagrams;
        if (chunks[c] == null) {
            chunks[c] = NativeUdpSocket.Slots.allocate(arena, chunkDatagrams);
        }
        return chunks[c];
    }

    /**
     * Sends what waits, oldest first, without blocking. A datagram the kernel refuses for its
     * address (an unreachable network) is dropped alone and counted; the rest go on.
     *
     * @return true when nothing waits any more; false when the send buffer is full and the rest
     *     wait (the caller asks to be told when the socket is writable, then flushes again)
     */
    boolean flush() {
        blocked = false;
        while (waiting > 0) {
            // One call sends a run of adjacent slots: to the end of the head's chunk at most.
            int i = head % chunkDatagrams;
            int run = Math.min(Math.min(waiting, chunkDatagrams - i), MOST_PER_CALL);
            NativeUdpSocket.Slots chunk = chunks[head / chunkDatagrams];
            int result;
            sendCalls++;
            try {
                result = (int) LinuxSocketCalls.SENDMMSG.invokeExact(
                        errno, fd, chunk.headers().asSlice(chunk.header(i)), run, 0);
            } catch (Throwable e) {
                throw new IllegalStateException("sendmmsg() failed", e);
            }
            if (result > 0) {
                advance(result);
                continue;
            }
            int error = LinuxSocketCalls.errno(errno);
            if (error == LinuxSocketCalls.EINTR) {
                continue;
            }
            if (error == LinuxSocketCalls.EAGAIN) {
                blocked = true;
                return false;
            }
            unsent++; // this one datagram's destination is refused: the rest may go
            advance(1);
        }
        return true;
    }

    /**
     * The socket closes: one last non-blocking try to send what waits (a batch not flushed yet, a
     * backlog), then what the kernel still did not take is counted in {@link #unsent()}, as a
     * channel's close fails what its outbound buffer held. The ring is empty afterwards.
     */
    void closing() {
        flush();
        unsent += waiting;
        advance(waiting);
    }

    private void advance(int sent) {
        waiting -= sent;
        // Empty, the ring starts again at its first slot: a wake-up's answers then fill whole
        // batches within one chunk, and never need two sendmmsg calls for a batch that would cross
        // a chunk's end (a wake-up that read 100 would otherwise leave every later batch split).
        head = waiting == 0 ? 0 : (head + sent) % capacity;
    }

    /** Datagrams queued and not sent yet. */
    int waiting() {
        return waiting;
    }

    /** How many {@code sendmmsg} calls were made: batching shows here. */
    long sendCalls() {
        return sendCalls;
    }

    /** Datagrams that never left: the ring full, a refused or unreachable address, or too long. */
    long unsent() {
        return unsent;
    }
}
