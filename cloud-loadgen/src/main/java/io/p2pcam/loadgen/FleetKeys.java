package io.p2pcam.loadgen;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Makes the fleet's key pairs on background threads while the ramp proceeds: thread {@code t} of
 * {@code T} makes cameras {@code t, t+T, t+2T, …} in order, so that keys become ready roughly in
 * camera order and the ramp, which starts cameras in order, waits for keys only when it outruns
 * them.
 *
 * <p>These are throwaway test identities: the secrets come from a fast seeded generator, not a
 * {@link SecureRandom}. The Ed25519 key is real (the cloud verifies signatures with it); the
 * X25519 half is random bytes, because the cloud only stores and returns it.
 */
final class FleetKeys {
    private final CameraFleet fleet;
    private final Thread[] threads;
    private volatile boolean stopped;

    FleetKeys(CameraFleet fleet, int threadCount) {
        this.fleet = fleet;
        this.threads = new Thread[threadCount];
        Ed25519.precompute();
        long seed = new SecureRandom().nextLong();
        for (int t = 0; t < threadCount; t++) {
            int first = t;
            SplittableRandom random = new SplittableRandom(seed + t);
            threads[t] = Thread.ofPlatform().daemon().name("keygen-" + t).unstarted(() -> make(first, random));
        }
    }

    void start() {
        for (Thread thread : threads) {
            thread.start();
        }
    }

    void stop() {
        stopped = true;
    }

    private void make(int first, SplittableRandom random) {
        byte[] secret = new byte[CameraFleet.SECRET_BYTES];
        byte[] publicKey = new byte[2 * Ed25519.PUBLIC_KEY_SIZE];
        for (int camera = first; camera < fleet.size() && !stopped; camera += threads.length) {
            random.nextBytes(secret);
            Ed25519.generatePublicKey(secret, 0, publicKey, 0);
            fill(random, publicKey, Ed25519.PUBLIC_KEY_SIZE);
            fleet.installKeys(camera, secret, publicKey);
        }
    }

    private static void fill(SplittableRandom random, byte[] target, int from) {
        for (int i = from; i < target.length; i += 8) {
            long bits = random.nextLong();
            for (int b = 0; b < 8 && i + b < target.length; b++) {
                target[i + b] = (byte) (bits >>> (8 * b));
            }
        }
    }
}
