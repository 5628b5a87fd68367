package io.p2pcam.cloud.server;

import io.p2pcam.cloud.core.CloudEvents;
import io.p2pcam.cloud.core.DropReason;
import io.p2pcam.cloud.core.PassVerdict;

/**
 * One core's events, when several cores (one per event loop) share one {@link CloudMetrics}:
 * counters go straight through; the gauges a core reports as absolute values (cameras online,
 * relay sessions) become differences, so that the metrics show the sum over all cores. Used by
 * one core's thread only.
 */
final class ShardEvents implements CloudEvents {
    private final CloudMetrics metrics;
    private int camerasOnline;
    private int relaySessions;

    ShardEvents(CloudMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void received(int bytes) {
        metrics.received(bytes);
    }

    @Override
    public void sent(int bytes) {
        metrics.sent(bytes);
    }

    @Override
    public void dropped(DropReason reason) {
        metrics.dropped(reason);
    }

    @Override
    public void registration(RegistrationOutcome outcome) {
        metrics.registration(outcome);
    }

    @Override
    public void keepalive(boolean known) {
        metrics.keepalive(known);
    }

    @Override
    public void lookup(LookupOutcome outcome) {
        metrics.lookup(outcome);
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
