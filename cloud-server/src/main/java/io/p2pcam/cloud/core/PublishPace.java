package io.p2pcam.cloud.core;

/**
 * How many slots of its registration table a clustered core's publish pass visits per sweep
 * period (docs/ADMIN.md, "Running a cluster"): the whole table once per publish period at the
 * refresh pace, and within {@link Rendezvous#FAST_PUBLISH_PERIODS} sweeps after the registry forgot
 * the node, but no faster than {@code --cluster-republish-rate} ({@value #FAST_WRITES_PER_SECOND}
 * by default: a core of 100,000 cameras takes 5 s, one of a million 50 s).
 */
final class PublishPace {
    /**
     * By default a core republishing after a lapse writes no faster than this (a slot visited is at
     * most one write; {@link ClusterLimits#republishPerSecond}). Without it a node of a million
     * cameras sent Redis 200,000 writes a second for 5 s after every lapse, and a Redis that came
     * and went would be sent them again and again.
     */
    static final int FAST_WRITES_PER_SECOND = 20_000;

    private PublishPace() {}

    /**
     * Slots to visit in one sweep period, of {@code allocated}, at the fast pace (at most {@code
     * fastWritesPerSecond}) or the refresh pace.
     */
    static int slotsPerSweep(int allocated, boolean fast, long publishPeriodMillis, int fastWritesPerSecond) {
        return fast
                ? Math.min(allocated / Rendezvous.FAST_PUBLISH_PERIODS + 64, (int)
                        (fastWritesPerSecond * Rendezvous.SWEEP_PERIOD_MILLIS / 1_000))
                : (int) (allocated / (publishPeriodMillis / Rendezvous.SWEEP_PERIOD_MILLIS)) + 1;
    }
}
