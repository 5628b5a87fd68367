package io.p2pcam.protocol.noise;

import java.security.SecureRandom;

/** A random source that fails the test if anything draws from it: proves injected keys are used. */
final class NoRandomness extends SecureRandom {

    @Override
    public void nextBytes(byte[] bytes) {
        throw new AssertionError("randomness drawn although every key was injected");
    }
}
