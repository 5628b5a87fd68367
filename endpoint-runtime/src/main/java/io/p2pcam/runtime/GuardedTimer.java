package io.p2pcam.runtime;

import io.p2pcam.protocol.endpoint.DatagramEndpoint;

/**
 * The loop's calls into its endpoint's timer ({@code nextTimeout}, {@code handleTimeout}), each
 * isolated: a throw is counted under {@link LoopFaults.Reason#TIMEOUT} and costs that one call (the
 * loop asks again within a second). A timer that throws {@value UdpEndpointRunner#MAX_TIMER_FAILURES_IN_A_ROW}
 * times in a row is broken, not fed bad input: then the call throws {@link IllegalStateException},
 * which stops the loop so that its owner hears it and starts again. Loop thread only.
 */
final class GuardedTimer {
    private final DatagramEndpoint endpoint;
    private final LoopFaults faults;
    private int failuresInARow;

    GuardedTimer(DatagramEndpoint endpoint, LoopFaults faults) {
        this.endpoint = endpoint;
        this.faults = faults;
    }

    /** The endpoint's next timeout; a second from now when asking threw. */
    long nextTimeout() {
        try {
            return endpoint.nextTimeout();
        } catch (RuntimeException e) {
            failed(e);
            return UdpEndpointRunner.now() + 1_000;
        }
    }

    /** Runs the endpoint's timeout; one that returns ends a run of failures. */
    void handleTimeout() {
        try {
            endpoint.handleTimeout(UdpEndpointRunner.now());
            failuresInARow = 0;
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private void failed(RuntimeException e) {
        faults.record(LoopFaults.Reason.TIMEOUT, e, UdpEndpointRunner.now());
        if (++failuresInARow >= UdpEndpointRunner.MAX_TIMER_FAILURES_IN_A_ROW) {
            throw new IllegalStateException("the endpoint's timer failed " + failuresInARow + " times in a row", e);
        }
    }
}
