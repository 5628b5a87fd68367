package io.p2pcam.cloud.core;

/**
 * MurmurHash3's 64-bit finalizer (fmix64): every input bit flips each output bit with probability
 * about one half. The cloud's open-addressing tables home their keys on {@code mix(key ^ seed)}
 * with a secret seed of their own: the keys (sources, camera IDs, transaction IDs) are the
 * senders' choice, and under a public hash a sender can choose keys that share one probe run, so
 * that every lookup walks it (SourceBucketsTest). With a seed it does not know, it cannot aim.
 */
final class HashMix {
    private HashMix() {}

    static long mix(long word) {
        long h = (word ^ (word >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }
}
