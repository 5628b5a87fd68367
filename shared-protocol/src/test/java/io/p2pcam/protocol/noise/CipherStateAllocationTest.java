package io.p2pcam.protocol.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What sealing and opening a session packet allocates beyond the packet's own bytes: every video,
 * sound and control datagram of a session goes through {@link CipherState} once on each side
 * (hundreds a second per stream), so a per-packet cost here is paid everywhere. Counted by the JVM's
 * per-thread allocation counter, not timed.
 */
class CipherStateAllocationTest {
    private static final byte[] KEY =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private static final byte[] HEADER = new byte[16];
    private static final byte[] SLICE = new byte[1_200];
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 20_000;
    /**
     * Allowed per packet and side beyond its ciphertext and plaintext arrays. The JDK's ChaCha20-Poly1305
     * builds its key-stream and Poly1305 state at every set-up: ~2.4 kB a side (measured: 4,868-4,904
     * bytes a round trip of a 1,200-byte slice beyond the packet's own 2,464). A Cipher made per packet
     * (the provider look-up and a whole new instance besides) cost 11,603.
     */
    private static final long OVERHEAD_PER_PACKET = 3_072;

    @Test
    void aPacketCostsItsOwnBytesAndLittleMoreOnEachSide() throws NoiseException {
        CipherState sending = new CipherState(KEY);
        CipherState receiving = new CipherState(KEY);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long counter = roundTrips(sending, receiving, 0, WARMUP);

        long before = threads.getCurrentThreadAllocatedBytes();
        roundTrips(sending, receiving, counter, MEASURED);
        long perRoundTrip = (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED;

        long ownBytes = 2L * (SLICE.length + CipherState.TAG_LENGTH + 16); // ciphertext, plaintext, headers
        assertThat(perRoundTrip - ownBytes)
                .as("bytes allocated per packet sealed and opened, beyond the packet's own %d", ownBytes)
                .isLessThanOrEqualTo(2 * OVERHEAD_PER_PACKET);
    }

    private static long roundTrips(CipherState sending, CipherState receiving, long from, int count)
            throws NoiseException {
        long counter = from;
        for (int i = 0; i < count; i++, counter++) {
            byte[] sealed = sending.encryptWithNonce(counter, HEADER, SLICE);
            byte[] opened = receiving.decryptWithNonce(counter, HEADER, sealed);
            assertThat(opened.length).isEqualTo(SLICE.length);
        }
        return counter;
    }
}
