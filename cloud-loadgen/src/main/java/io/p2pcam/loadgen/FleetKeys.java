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
 * {@link SecureRandom}. Both halves are real: the Ed25519 key (the cloud verifies signatures with
 * it) and the X25519 key (the cloud seals each camera's resumption ticket secret to it), whose
 * private half {@link AgreementKeys} derives again when it is needed.
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
            fleet.agreementKeys().publicKey(camera, publicKey, Ed25519.PUBLIC_KEY_SIZE);
            fleet.installKeys(camera, secret, publicKey);
        }
    }
}
