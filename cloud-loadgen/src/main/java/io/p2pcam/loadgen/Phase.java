package io.p2pcam.loadgen;

/** The phases of a run, in order. Counters are kept per phase so that only steady state is measured. */
enum Phase {
    /** Cameras register; keepalives start as each camera is registered. */
    RAMP,
    /** All cameras registered, connects running, nothing measured yet (JIT and caches warm up). */
    WARMUP,
    /** The measured steady state. */
    MEASURE,
    /** Connects stopped; waiting for the answers to the last requests. */
    DRAIN;

    private static final Phase[] VALUES = values();

    static Phase ofOrdinal(int ordinal) {
        return ordinal < VALUES.length ? VALUES[ordinal] : DRAIN;
    }
}
