package io.p2pcam.loadgen;

/**
 * Which camera socket each simulated camera uses (docs/BENCHMARKS.md, "A million cameras per
 * node"). A real camera has a socket of its own, so a CONNECT_FORWARD for it never waits behind
 * other cameras' datagrams. The generator shares a few sockets among many cameras, and at a million
 * cameras its camera sockets carry 50,000 KEEPALIVE_ACKs a second: a forward read by the same
 * thread waits behind them, and the connect's latency measures the generator, not the cloud.
 *
 * <p>So the viewers connect only to the first {@code connectTargets} cameras, the connect
 * targets, and those use {@code targetSockets} sockets of their own, read by a receive thread of
 * their own: a forward then waits behind the targets' own few keepalive acks at most, as it would
 * behind a real camera's. Every other camera uses one of the {@code bulkSockets}, which come
 * first. With no target sockets every camera is on the bulk sockets and any camera may be a
 * connect target (the generator before this split).
 *
 * @param bulkSockets sockets shared by the cameras that are not connect targets (indices 0 to
 *     {@code bulkSockets - 1})
 * @param targetSockets sockets of the connect targets (the indices after the bulk ones); 0 for none
 * @param connectTargets cameras {@code 0 .. connectTargets - 1} are the connect targets when there
 *     are target sockets
 */
record SocketPlan(int bulkSockets, int targetSockets, int connectTargets) {
    SocketPlan {
        if (bulkSockets < 1 || targetSockets < 0 || connectTargets < 1) {
            throw new IllegalArgumentException("socket plan: " + bulkSockets + " bulk, " + targetSockets
                    + " target sockets, " + connectTargets + " connect targets");
        }
    }

    /** Every camera on {@code sockets} shared sockets, any camera a connect target. */
    static SocketPlan shared(int sockets) {
        return new SocketPlan(sockets, 0, Integer.MAX_VALUE);
    }

    int sockets() {
        return bulkSockets + targetSockets;
    }

    boolean splitsTargets() {
        return targetSockets > 0;
    }

    /** The socket camera {@code camera} always uses (its registration, keepalives and answers). */
    int socketOf(int camera) {
        if (targetSockets > 0 && camera < connectTargets) {
            return bulkSockets + camera % targetSockets;
        }
        return camera % bulkSockets;
    }

    /** How many of the first {@code started} cameras a viewer may connect to. */
    int connectable(int started) {
        return targetSockets > 0 ? Math.min(started, connectTargets) : started;
    }
}
