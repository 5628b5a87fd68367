package io.p2pcam.cloud.bench;

import io.p2pcam.protocol.cloud.Bytes;
import io.p2pcam.protocol.cloud.RelayGrant;
import io.p2pcam.protocol.cloud.RelayKey;

/**
 * The relay's per-frame work without any I/O, for comparison with {@link RelayForwardingBench}:
 * verifying a 1228-byte frame's HMAC-SHA256 tag, the dominant cost of the core's relay path.
 * {@code RelayCoreBench [seconds=5]}.
 */
public final class RelayCoreBench {
    private RelayCoreBench() {}

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        RelayKey key = new RelayKey(Bytes.of(new byte[RelayGrant.KEY_BYTES]));
        byte[] frame = new byte[1228];
        key.sign(frame, 0, frame.length - RelayKey.TAG_BYTES);
        long end = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < end) {
            key.verify(frame, 0, frame.length);
        }
        long n = 0;
        long t0 = System.nanoTime();
        end = t0 + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1000; i++) {
                if (!key.verify(frame, 0, frame.length)) {
                    throw new IllegalStateException("the tag must verify");
                }
            }
            n += 1000;
        }
        double perSecond = n * 1e9 / (System.nanoTime() - t0);
        System.out.printf(
                "HMAC-SHA256 tag check of a 1228-byte frame: %,.0f per second on one thread (%.2f µs each)%n",
                perSecond, 1e6 / perSecond);
    }
}
