package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.PassVerdict;

/**
 * One core's events in the {@link CloudMetrics} all cores (one per event loop) share: the counters
 * bumped per datagram (in, out, LOOKUPs, KEEPALIVEs, drops) go to this core's own {@link
 * LoopCounters}, without an atomic instruction, the rarer ones straight through; the gauges a core reports as absolute values (cameras online,
 * relay sessions) become differences, so that the metrics show the sum over all cores. Used by
 * one core's thread only.
 */
final class ShardEvents implements CloudEvents {
    private final CloudMetrics metrics;
    /** The per-datagram counters, this core's own: no atomic instruction per datagram. */
    private final LoopCounters counters;

    private int camerasOnline;
    private int relaySessions;

    ShardEvents(CloudMetrics metrics) {
        this.metrics = metrics;
        this.counters = metrics.newLoopCounters();
    }

    @Override
    public void received(int bytes) {
        counters.add(LoopCounters.PACKETS_IN, 1);
        counters.add(LoopCounters.BYTES_IN, bytes);
    }

    @Override
    public void sent(int bytes) {
        counters.add(LoopCounters.PACKETS_OUT, 1);
        counters.add(LoopCounters.BYTES_OUT, bytes);
    }

    @Override
    public void dropped(DropReason reason) {
        counters.add(LoopCounters.DROPS + reason.ordinal(), 1);
    }

    @Override
    public void registration(RegistrationOutcome outcome) {
        metrics.registration(outcome);
    }

    @Override
    public void keepalive(boolean known) {
        counters.add(known ? LoopCounters.KEEPALIVES_KNOWN : LoopCounters.KEEPALIVES_UNKNOWN, 1);
    }

    @Override
    public void lookup(LookupOutcome outcome) {
        counters.add(LoopCounters.LOOKUPS + outcome.ordinal(), 1);
    }

    @Override
    public void connect(ConnectOutcome outcome) {
        metrics.connect(outcome);
    }

    @Override
    public void connectPass(PassVerdict verdict) {
        metrics.connectPass(verdict);
    }

    @Override
    public void cluster(ClusterOutcome outcome) {
        metrics.cluster(outcome);
    }

    @Override
    public void relayed(int bytes) {
        metrics.relayed(bytes);
    }

    @Override
    public void relayPathValidated() {
        metrics.relayPathValidated();
    }

    @Override
    public void relaySessions(int count) {
        metrics.addRelaySessions(count - relaySessions);
        relaySessions = count;
    }

    @Override
    public void camerasOnline(int count) {
        metrics.addCamerasOnline(count - camerasOnline);
        camerasOnline = count;
    }
}
