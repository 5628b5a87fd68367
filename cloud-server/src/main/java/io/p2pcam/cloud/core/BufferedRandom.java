package io.p2pcam.cloud.core;

import java.nio.ByteBuffer;
import java.util.random.RandomGenerator;

/**
 * A {@link RandomGenerator} that draws from another one {@value #BUFFER_BYTES} bytes at a time and
 * hands them out as longs. The core asks for a random value on hot paths (a keepalive interval's
 * jitter in every KEEPALIVE_ACK, a forward ID in every connect): with the node's SecureRandom
 * (SHA-256 Hash_DRBG) each call costs several digests and its locking, a quarter of the loop's
 * Java time at 50,000 keepalives a second (docs/BENCHMARKS.md, issue 13 §5); one draw of 4 KiB
 * costs about as much as a few single calls. The values are the source's own output, in order,
 * so they are exactly as unpredictable as the source's.
 *
 * <p>Not thread-safe: owned by the core's thread, like the core.
 */
final class BufferedRandom implements RandomGenerator {
    static final int BUFFER_BYTES = 4096;

    private final RandomGenerator source;
    private final byte[] bytes = new byte[BUFFER_BYTES];
    private final ByteBuffer longs = ByteBuffer.wrap(bytes);

    BufferedRandom(RandomGenerator source) {
        this.source = source;
        longs.position(BUFFER_BYTES); // empty: the first call fills it
    }

    @Override
    public long nextLong() {
        if (longs.remaining() < Long.BYTES) {
            source.nextBytes(bytes);
            longs.clear();
        }
        return longs.getLong();
    }
}
