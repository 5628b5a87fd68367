package io.p2pcam.protocol.noise;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/** Deterministic randomness for reproducible tests: SHA1PRNG seeded before first use. */
final class SeededRandom {

    private SeededRandom() {}

    static SecureRandom withSeed(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
